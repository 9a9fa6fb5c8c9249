package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.ZerobusTestServer;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every retryable fault is recovered behind the scenes with nothing lost: the table holds every record, first
 * occurrences in order (re-sends after a reconnect may add duplicates; delivery is at least once).
 */
abstract class RecoveryContractTest {

    private ZerobusSdk sdk;

    abstract ZerobusTestServer server();

    @BeforeEach
    void openSdk() {
        this.sdk = TestStreams.sdk(server());
    }

    @AfterEach
    void closeSdk() {
        server().faults().reset();
        if (!server().isRunning()) {
            server().restart();
        }
        this.sdk.close();
    }

    @Test
    void failedStreamCreationsAreRetried() {
        String table = uniqueTable("createretry");
        server().faults().failNextStreamCreations(2, Status.Code.UNAVAILABLE);

        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
            for (int i = 0; i < 10; i++) {
                stream.ingestRecord(json(i));
            }
        }
        TestStreams.assertStoredInOrder(server(), table, 10);
    }

    @Test
    void brokenConnectionIsRecoveredAndUnackedRecordsAreResent() {
        String table = uniqueTable("broken");
        List<CompletableFuture<Long>> sampled = new ArrayList<>();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            server().faults().breakConnectionAfterRecords(300);
            for (int i = 0; i < 1_000; i++) {
                RecordAck ack = stream.ingestRecord(json(i));
                if (i % 100 == 99) {
                    sampled.add(ack.future());
                }
            }
            stream.flush();
            assertThat(stream.stats().recoveries()).isGreaterThanOrEqualTo(1);
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
        }
        assertThat(sampled).allSatisfy((future) -> assertThat(future).isCompleted());
        TestStreams.assertStoredInOrder(server(), table, 1_000);
    }

    @Test
    void ackStallShorterThanTheLackOfAckTimeoutNeedsNoRecovery() {
        String table = uniqueTable("shortstall");
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .serverLackOfAckTimeout(Duration.ofSeconds(10))
                .build();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table, options)) {
            server().faults().stallAcks(Duration.ofMillis(400));
            for (int i = 0; i < 20; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            assertThat(stream.stats().recoveries()).isZero();
        }
        TestStreams.assertStoredInOrder(server(), table, 20);
    }

    @Test
    void ackStallLongerThanTheLackOfAckTimeoutIsTreatedAsABrokenStream() {
        String table = uniqueTable("longstall");
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .serverLackOfAckTimeout(Duration.ofMillis(300))
                .recoveryRetries(20)
                .build();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table, options)) {
            server().faults().stallAcks(Duration.ofMillis(1_200));
            for (int i = 0; i < 20; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            assertThat(stream.stats().recoveries()).isGreaterThanOrEqualTo(1);
        }
        TestStreams.assertStoredInOrder(server(), table, 20);
    }

    @Test
    void closeSignalPausesAndReconnectsWithoutUsingTheRetryBudget() {
        String table = uniqueTable("closesignal");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recoveryRetries(0).build();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table, options)) {
            String firstId = stream.streamId();
            for (int i = 0; i < 100; i++) {
                stream.ingestRecord(json(i));
            }
            server().faults().sendCloseSignal(Duration.ofMillis(200));
            for (int i = 100; i < 200; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            await().atMost(Duration.ofSeconds(10)).until(() -> !firstId.equals(stream.streamId()));
            for (int i = 200; i < 250; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            assertThat(stream.stats().closeSignals()).isEqualTo(1);
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
        }
        TestStreams.assertStoredInOrder(server(), table, 250);
    }

    @Test
    void closeSignalWithZeroDurationLosesNothing() {
        String table = uniqueTable("closezero");
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            for (int i = 0; i < 100; i++) {
                stream.ingestRecord(json(i));
            }
            server().faults().sendCloseSignal(Duration.ZERO);
            for (int i = 100; i < 200; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
        }
        TestStreams.assertStoredInOrder(server(), table, 200);
    }

    @Test
    void serverStopAndRestartIsSurvived() {
        String table = uniqueTable("restart");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recoveryRetries(30).build();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table, options)) {
            for (int i = 0; i < 50; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            server().stop();
            for (int i = 50; i < 100; i++) {
                stream.ingestRecord(json(i));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.RECOVERING);
            server().restart();
            stream.flush();
            assertThat(stream.stats().recoveries()).isGreaterThanOrEqualTo(1);
        }
        TestStreams.assertStoredInOrder(server(), table, 100);
    }
}
