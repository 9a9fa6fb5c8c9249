package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.test.ZerobusTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;

/** zerobus.ssl.bundle: the bundle's trust material is trusted, beside zerobus.ca-certificate. */
class ZerobusSslBundleTests {

    private static ZerobusTestServer server;

    @BeforeAll
    static void startServer() {
        server = ZerobusTestServer.builder().tls(true).build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void trustsTheBundlesCertificates() {
        Runners.against(server)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues(
                        "spring.ssl.bundle.pem.zerobus.truststore.certificate=file:" + server.caCertificatePath(),
                        "zerobus.ssl.bundle=zerobus")
                .run(context -> {
                    context.getBean(ZerobusOperations.class).sendAndWait("main.tls.readings", "{\"id\":1}");
                    assertThat(server.records("main.tls.readings")).hasSize(1);
                });
    }

    @Test
    void withoutTrustTheStreamCannotOpen() {
        Runners.against(server)
                .withPropertyValues("zerobus.template.max-block=3s")
                .run(context -> org.assertj.core.api.Assertions.assertThatExceptionOfType(
                                dev.zerobus.spring.ZerobusSendException.class)
                        .isThrownBy(() ->
                                context.getBean(ZerobusOperations.class).send("main.tls.readings", "{\"id\":1}")));
    }

    @Test
    void unknownBundleFailsNamingTheProperty() {
        Runners.against(server)
                .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class))
                .withPropertyValues("zerobus.ssl.bundle=missing")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("zerobus.ssl.bundle = 'missing' names no SSL bundle"));
    }
}
