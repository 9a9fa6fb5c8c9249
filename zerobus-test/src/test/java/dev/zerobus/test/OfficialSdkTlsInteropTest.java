package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.databricks.zerobus.StreamConfigurationOptions;
import com.databricks.zerobus.ZerobusJsonStream;
import com.databricks.zerobus.ZerobusSdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The official SDK over TLS for both endpoints. Its Rust core loads trusted roots with rustls-native-certs, which reads
 * the file named by {@code SSL_CERT_FILE}; the build sets that variable for the test JVM (see the module pom) and this
 * test writes the server's CA into it.
 */
class OfficialSdkTlsInteropTest {

    @RegisterExtension
    static final ZerobusTestServerExtension ZEROBUS = new ZerobusTestServerExtension(builder -> builder.tls(true));

    @Test
    void jsonStreamOverTlsIsStoredInOrder() throws Exception {
        String trustFile = System.getenv("SSL_CERT_FILE");
        assumeTrue(
                trustFile != null,
                "SSL_CERT_FILE is set by the Maven build only; the native SDK cannot be given a CA any other way");
        ZerobusTestServer server = ZEROBUS.server();
        Files.createDirectories(Path.of(trustFile).toAbsolutePath().getParent());
        Files.writeString(Path.of(trustFile), server.caCertificatePem());

        String table = "main.interop.tls_events";
        ZerobusSdk sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
        try {
            ZerobusJsonStream stream = sdk.createJsonStream(
                            table,
                            server.clientId(),
                            server.clientSecret(),
                            StreamConfigurationOptions.builder()
                                    .setRecovery(false)
                                    .build())
                    .get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                stream.ingestRecordOffset("{\"seq\":" + i + "}");
            }
            stream.flush();
            stream.close();
        } finally {
            sdk.close();
        }
        assertThat(server.endpoint()).startsWith("https://");
        assertThat(server.records(table))
                .extracting(IngestedRecord::json)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100)
                        .mapToObj(i -> "{\"seq\":" + i + "}")
                        .toList());
    }
}
