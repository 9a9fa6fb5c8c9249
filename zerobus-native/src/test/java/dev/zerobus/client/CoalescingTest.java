package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Single records coalesced into shared requests (issue 11, part 1): in Java while they linger, and natively while the
 * wire is full. Every record keeps its own offset and future; asserted by counts and orderings, never by time.
 */
class CoalescingTest extends SdkPerTest {

    /** Long enough that only size, flush and close hand records over in these tests. */
    private static final Duration NEVER = Duration.ofMinutes(10);

    @AfterEach
    void resetFaults() {
        this.server.faults().reset();
    }

    private static StreamConfigurationOptions lingering(Duration linger, int maxRequestRecords) {
        return TestStreams.fastOptions().toBuilder()
                .linger(linger)
                .maxRequestRecords(maxRequestRecords)
                .build();
    }

    @Test
    void lingeringSinglesShareRequestsAndKeepTheirOwnOffsetsAndFutures() {
        String table = uniqueTable("linger_size");
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        List<Long> completed = new ArrayList<>();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, lingering(NEVER, 10))) {
            for (int i = 0; i < 25; i++) {
                RecordAck ack = stream.ingestRecord(json(i));
                assertThat(ack.offset()).isEqualTo(i);
                CompletableFuture<Long> future = ack.future();
                future.thenAccept((offset) -> {
                    synchronized (completed) {
                        completed.add(offset);
                    }
                });
                futures.add(future);
            }
            stream.flush();
            assertThat(stream.stats().requestsSent())
                    .as("10 + 10, then the flush hands over 5")
                    .isEqualTo(3);
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .join();
        }
        for (int i = 0; i < 25; i++) {
            assertThat(futures.get(i)).isCompletedWithValue((long) i);
        }
        synchronized (completed) {
            assertThat(completed).hasSize(25).isSorted();
        }
        TestStreams.assertStoredInOrder(this.server, table, 25);
    }

    @Test
    void theLingerHandsRecordsOverWithoutAFlush() {
        String table = uniqueTable("linger_time");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, lingering(Duration.ofMillis(20), 1_000))) {
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                futures.add(stream.ingestRecord(json(i)).future());
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0]))
                    .join();
            assertThat(stream.stats().requestsSent()).isEqualTo(1);
        }
        TestStreams.assertStoredInOrder(this.server, table, 3);
    }

    @Test
    void batchesBetweenLingeringSinglesKeepTheOrderAndTheirOneOffset() {
        String table = uniqueTable("linger_batch");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, lingering(NEVER, 1_000))) {
            assertThat(stream.ingestRecord(json(0)).offset()).isZero();
            assertThat(stream.ingestRecord(json(1)).offset()).isEqualTo(1);
            assertThat(stream.ingestJsonBatch(List.of(json(2), json(3))).offset())
                    .isEqualTo(2);
            RecordAck last = stream.ingestRecord(json(4));
            assertThat(last.offset()).isEqualTo(3);
            assertThat(last.await()).as("await hands the lingering record over").isEqualTo(3);
            assertThat(stream.stats().requestsSent()).isEqualTo(3);
        }
        TestStreams.assertStoredInOrder(this.server, table, 5);
    }

    @Test
    void aMalformedRecordIsRefusedByItsOwnCallWhileOthersLinger() {
        String table = uniqueTable("linger_bad");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, lingering(NEVER, 1_000))) {
            stream.ingestRecord(json(0));
            assertThatThrownBy(() -> stream.ingestRecord("{\"seq\":"))
                    .isInstanceOfSatisfying(ZerobusException.class, (e) -> assertThat(e.kind())
                            .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
            assertThat(stream.ingestRecord(json(1)).offset())
                    .as("nothing was taken")
                    .isEqualTo(1);
        }
        TestStreams.assertStoredInOrder(this.server, table, 2);
    }

    @Test
    void lingeringRecordsOfAFailedStreamFailTheirFuturesAndStayRetrievableOneByOne() {
        String table = uniqueTable("linger_failed");
        StreamConfigurationOptions options =
                lingering(NEVER, 1_000).toBuilder().recovery(false).build();
        ZerobusStream stream = jsonStream(this.sdk, this.server, table, options);
        stream.ingestRecord(json(0)).await();
        CompletableFuture<Long> first = stream.ingestRecord(json(1)).future();
        CompletableFuture<Long> second = stream.ingestRecord(json(2)).future();
        this.server.faults().endOpenStreamsCleanly();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> stream.state() == StreamState.FAILED);

        assertThatThrownBy(stream::close).isInstanceOf(ZerobusException.class);

        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        List<UnackedBatch> unacked = stream.unackedBatches();
        assertThat(unacked).extracting(UnackedBatch::offset).containsExactly(1L, 2L);
        assertThat(unacked).extracting(UnackedBatch::jsonRecords).containsExactly(List.of(json(1)), List.of(json(2)));
    }

    @Test
    void singlesQueuedBehindAFullWireGoOutAsOneRequest() {
        String table = uniqueTable("wire_full");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().maxInflightRequests(2).build();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, options)) {
            this.server.faults().ackOnlyUpTo(-1);
            List<CompletableFuture<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                RecordAck ack = stream.ingestRecord(json(i));
                assertThat(ack.offset()).isEqualTo(i);
                futures.add(ack.future());
            }
            assertThat(stream.stats().inflightRequests())
                    .as("2 on the wire, 8 queued")
                    .isEqualTo(10);

            this.server.faults().clearAckLimit();
            stream.flush();

            assertThat(stream.stats().requestsSent())
                    .as("the 8 queued records share one request")
                    .isEqualTo(3);
            for (int i = 0; i < 10; i++) {
                assertThat(futures.get(i).join()).isEqualTo(i);
            }
        }
        TestStreams.assertStoredInOrder(this.server, table, 10);
    }
}
