package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TlsIngestTest extends IngestContractTest {

    @RegisterExtension
    static final ZerobusTestServerExtension zerobus = new ZerobusTestServerExtension((b) -> b.tls(true));

    @Override
    ZerobusTestServer server() {
        return zerobus.server();
    }

    @Test
    void serverCertificateNotSignedByATrustedCaIsRefused() {
        assertThat(server().endpoint()).startsWith("https://");
        // Only the system trust store: the test CA is unknown, so the handshake must fail (not retryable forever).
        try (ZerobusSdk untrusting = new ZerobusSdk(server().endpoint(), server().workspaceUrl())) {
            StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                    .recoveryRetries(1)
                    .recoveryTimeout(Duration.ofSeconds(2))
                    .build();
            assertThatThrownBy(() ->
                            TestStreams.jsonStream(untrusting, server(), TestStreams.uniqueTable("untrusted"), options))
                    .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                            .isIn(ZerobusException.Kind.TLS, ZerobusException.Kind.TOKEN_ENDPOINT));
        }
    }
}
