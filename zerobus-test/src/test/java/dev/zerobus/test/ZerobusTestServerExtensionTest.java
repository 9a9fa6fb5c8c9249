package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The JUnit 5 extension in both of its forms. */
class ZerobusTestServerExtensionTest {

    @Nested
    @ExtendWith(ZerobusTestServerExtension.class)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    class DeclarativeForm {

        private static final AtomicReference<ZerobusTestServer> FIRST = new AtomicReference<>();

        @Test
        @Order(1)
        void injectsARunningPlaintextServer(ZerobusTestServer server) {
            assertThat(server.isRunning()).isTrue();
            assertThat(server.isTls()).isFalse();
            assertThat(server.endpoint()).startsWith("http://127.0.0.1:");
            FIRST.set(server);
            server.faults().failNextStreamCreations(1, Status.Code.INTERNAL);
        }

        @Test
        @Order(2)
        void sharesTheServerAcrossTheClassAndResetsFaultsBeforeEachTest(ZerobusTestServer server) {
            assertThat(server).isSameAs(FIRST.get());
            assertThat(server.faults().takeStreamCreationFailure())
                    .as("fault of the previous test")
                    .isNull();
        }
    }

    @Nested
    class ProgrammaticForm {

        @RegisterExtension
        static final ZerobusTestServerExtension ZEROBUS =
                new ZerobusTestServerExtension(builder -> builder.tls(true).clientId("custom-client"));

        @Test
        void appliesTheCustomizer(ZerobusTestServer injected) {
            ZerobusTestServer server = ZEROBUS.server();
            assertThat(injected).isSameAs(server);
            assertThat(server.isTls()).isTrue();
            assertThat(server.endpoint()).startsWith("https://127.0.0.1:");
            assertThat(server.workspaceUrl()).startsWith("https://127.0.0.1:");
            assertThat(server.clientId()).isEqualTo("custom-client");
            assertThat(server.caCertificatePath()).exists();
            assertThat(server.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
        }
    }
}
