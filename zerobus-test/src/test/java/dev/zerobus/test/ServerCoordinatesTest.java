package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What a client is told: endpoints, credentials, Spring properties; and the builder's guards. */
class ServerCoordinatesTest {

    @Test
    void springPropertiesPointAtTheRunningServer() {
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .clientId("spring-client")
                .clientSecret("spring-secret")
                .build()
                .start()) {
            assertThat(server.springProperties())
                    .containsEntry("zerobus.endpoint", "http://127.0.0.1:" + server.port())
                    .containsEntry("zerobus.workspace-url", "http://127.0.0.1:" + server.httpPort())
                    .containsEntry("zerobus.client-id", "spring-client")
                    .containsEntry("zerobus.client-secret", "spring-secret")
                    .hasSize(4);
            assertThat(server.caCertificatePath()).isNull();
            assertThat(server.caCertificatePem()).isNull();
        }
    }

    @Test
    void coordinatesNeedAStartedServer() {
        ZerobusTestServer server = ZerobusTestServer.builder().build();
        assertThatThrownBy(server::endpoint)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not been started");
    }

    @Test
    void builderRefusesUnusableSettings() {
        assertThatThrownBy(() -> ZerobusTestServer.builder().clientId("a:b"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZerobusTestServer.builder().clientSecret(""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZerobusTestServer.builder().port(70000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZerobusTestServer.builder().tokenTtl(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZerobusTestServer.builder().build().issueToken("not.a-table"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("three parts");
    }
}
