package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** In-flight limits block the caller; flush, waitForOffset and close wait for acks within their bounds. */
@ExtendWith(ZerobusTestServerExtension.class)
class BackpressureAndWaitsTest {

    private ZerobusSdk sdk;

    private ZerobusTestServer server;

    @BeforeEach
    void openSdk(ZerobusTestServer server) {
        this.server = server;
        this.sdk = TestStreams.sdk(server);
    }

    @AfterEach
    void closeSdk() {
        this.server.faults().reset();
        this.sdk.close();
    }

    @Test
    void ingestBlocksAtTheRecordLimitUntilAcksResume() {
        String table = uniqueTable("backpressure");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().maxInflightRecords(4).build();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, options)) {
            this.server.faults().ackOnlyUpTo(-1);
            for (int i = 0; i < 4; i++) {
                stream.ingestRecord(json(i));
            }
            CompletableFuture<RecordAck> fifth = CompletableFuture.supplyAsync(() -> stream.ingestRecord(json(4)));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !fifth.isDone());
            assertThat(stream.stats().inflightRequests()).isEqualTo(4);

            this.server.faults().clearAckLimit();

            assertThat(fifth.join().offset()).isEqualTo(4);
            stream.flush();
        }
        TestStreams.assertStoredInOrder(this.server, table, 5);
    }

    @Test
    void ingestBlocksAtTheByteLimit() {
        String table = uniqueTable("bytes");
        String record = json(0);
        int recordBytes = record.length();
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .maxInflightBytes(recordBytes * 2L)
                .build();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, options)) {
            this.server.faults().ackOnlyUpTo(-1);
            stream.ingestRecord(json(0));
            stream.ingestRecord(json(1));
            CompletableFuture<RecordAck> third = CompletableFuture.supplyAsync(() -> stream.ingestRecord(json(2)));

            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !third.isDone());

            this.server.faults().clearAckLimit();
            assertThat(third.join().offset()).isEqualTo(2);
        }
        TestStreams.assertStoredInOrder(this.server, table, 3);
    }

    @Test
    void flushAndWaitForOffsetTimeOutWhileAcksAreHeldAndSucceedAfterwards() {
        String table = uniqueTable("waits");
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .flushTimeout(Duration.ofMillis(300))
                .build();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, options)) {
            RecordAck first = stream.ingestRecord(json(0));
            first.await();
            this.server.faults().ackOnlyUpTo(0);
            RecordAck held = stream.ingestRecord(json(1));

            assertThatThrownBy(stream::flush).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.TIMEOUT);
                assertThat(ex.isRetryable()).isTrue();
            });
            assertThatThrownBy(() -> stream.waitForOffset(held.offset(), Duration.ofMillis(100)))
                    .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                            .isEqualTo(ZerobusException.Kind.TIMEOUT));
            assertThatThrownBy(held::await).isInstanceOf(ZerobusException.class);
            stream.waitForOffset(first.offset(), Duration.ofMillis(1));
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
            assertThat(held.future()).isNotDone();

            this.server.faults().clearAckLimit();

            stream.flush();
            assertThat(held.future().join()).isEqualTo(1);
            stream.waitForOffset(held.offset());
        }
    }

    @Test
    void waitingForAnOffsetNeverAssignedIsAnArgumentError() {
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("never"))) {
            stream.ingestRecord(json(0)).await();

            assertThatThrownBy(() -> stream.waitForOffset(5))
                    .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                            .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        }
    }

    @Test
    void closeTimesOutWithHeldAcksAndKeepsTheRecordsForRecreate() {
        String table = uniqueTable("closetimeout");
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .flushTimeout(Duration.ofMillis(300))
                .build();
        ZerobusStream stream = jsonStream(this.sdk, this.server, table, options);
        stream.ingestRecord(json(0)).await();
        this.server.faults().ackOnlyUpTo(0);
        RecordAck held = stream.ingestJsonBatch(java.util.List.of(json(1), json(2)));
        stream.ingestRecord(json(3));

        assertThatThrownBy(stream::close).isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                .isEqualTo(ZerobusException.Kind.TIMEOUT));

        assertThat(stream.state()).isIn(StreamState.CLOSED, StreamState.FAILED);
        assertThat(held.future()).isCompletedExceptionally();
        assertThat(stream.unackedBatches())
                .extracting(UnackedBatch::offset, UnackedBatch::jsonRecords)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, java.util.List.of(json(1), json(2))),
                        org.assertj.core.groups.Tuple.tuple(2L, java.util.List.of(json(3))));
        stream.close(); // idempotent: the second call returns quietly

        this.server.faults().clearAckLimit();
        try (ZerobusStream successor = this.sdk.recreateStream(stream)) {
            successor.flush();
        }
        assertThat(stream.unackedBatches()).as("handed over").isEmpty();
        TestStreams.assertStoredInOrder(this.server, table, 4);
    }
}
