package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared plumbing of the suites that run once in plaintext and once over TLS. */
abstract class ServerTestSupport {

    private static final AtomicInteger TABLES = new AtomicInteger();

    protected ManagedChannel channel;

    /** The server of the concrete (plaintext or TLS) test class. */
    abstract ZerobusTestServer server();

    @BeforeEach
    void openChannel() {
        channel = TestChannels.open(server());
    }

    @AfterEach
    void closeChannel() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A fresh table per use, so that tests sharing a server do not see each other's records. */
    static String newTable() {
        return "main.tests.t" + TABLES.incrementAndGet();
    }

    static void assertEndsWith(RawStream stream, Status.Code code, String descriptionPart) {
        Status status = stream.awaitEnd();
        assertThat(status.getCode()).as("status %s", status).isEqualTo(code);
        assertThat(status.getDescription()).contains(descriptionPart);
    }
}
