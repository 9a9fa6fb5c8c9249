package dev.zerobus.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(EmbeddedZerobusTests.Config.class)
@EmbeddedZerobus(tls = true)
class EmbeddedZerobusTlsTests {

    @Autowired
    ZerobusTestServer server;

    @Autowired
    Environment environment;

    @Test
    void tlsServerWithItsCaCertificate() {
        assertThat(this.server).isNotSameAs(EmbeddedZerobusTests.first);
        assertThat(this.server.endpoint()).startsWith("https://");
        assertThat(this.environment.getProperty("zerobus.ca-certificate"))
                .isEqualTo(this.server.caCertificatePath().toString());
    }
}
