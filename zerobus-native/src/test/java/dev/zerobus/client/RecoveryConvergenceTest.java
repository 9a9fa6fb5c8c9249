package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Recovery that converges under sustained faults instead of spiralling, and a retry budget that a server which never
 * acknowledges cannot refill: the measured defects of the first client core, each reproduced against the test server.
 */
class RecoveryConvergenceTest {

    /** How long the drop soak runs; CI uses the default, a longer run is one system property away. */
    private static final Duration SOAK = Duration.ofSeconds(Long.getLong("zerobus.soak.seconds", 60));

    private ZerobusTestServer server;

    private ZerobusSdk sdk;

    @BeforeEach
    void start() {
        this.server = ZerobusTestServer.builder()
                .ackPolicy(AckPolicy.every(Duration.ofMillis(200)))
                .build()
                .start();
        this.sdk = TestStreams.sdk(this.server);
    }

    @AfterEach
    void stop() {
        this.server.faults().reset();
        this.sdk.close(Duration.ofSeconds(5));
        this.server.close();
    }

    /**
     * The scenario: the server ends the call with UNAVAILABLE on 1 in 1,000 requests while a producer offers
     * 2,000 records/s and acks come every 200 ms, with the default options. The first client FAILED within about 20 s.
     */
    @Test
    void aDropInAThousandRequestsNeverFailsTheStreamAndLosesNothing() throws Exception {
        String table = uniqueTable("drops");
        this.server.faults().dropRequests(0.001, 20261201L);
        ZerobusStream stream = this.sdk.createStream(
                TableProperties.json(table),
                this.server.clientId(),
                this.server.clientSecret(),
                StreamConfigurationOptions.defaults());
        AtomicBoolean failed = new AtomicBoolean();
        AtomicLong maxBacklog = new AtomicLong();
        Thread watcher = watch(stream, failed, maxBacklog);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        long start = System.nanoTime();
        int sent = 0;
        while (System.nanoTime() - start < SOAK.toNanos()) {
            long due = (System.nanoTime() - start) * 2_000 / 1_000_000_000L;
            while (sent < due) {
                futures.add(stream.ingestRecord(json(sent)).future());
                sent++;
            }
            Thread.sleep(1);
        }
        long drops = this.server.faults().droppedRequests();
        this.server.faults().reset();
        stream.flush();
        watcher.interrupt();
        StreamStats stats = stream.stats();
        stream.close();

        assertThat(failed).as("the stream reached FAILED").isFalse();
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompletedWithValueMatching((o) -> o >= 0));
        TestStreams.assertStoredInOrder(this.server, table, sent);
        long stored = this.server.recordCount(table);
        System.out.printf(
                "[figures] drop 1/1000 at 2,000 records/s for %d s: records=%d (offered %d) drops=%d recoveries=%d"
                        + " duplicates=%d (%.2f %%) requests sent=%d re-sent=%d largest backlog=%d%n",
                SOAK.toSeconds(),
                sent,
                SOAK.toSeconds() * 2_000,
                drops,
                stats.recoveries(),
                stored - sent,
                100.0 * (stored - sent) / sent,
                stats.requestsSent(),
                stats.requestsResent(),
                maxBacklog.get());
        assertThat(drops).as("the fault was injected").isGreaterThan(10);
        // Converging, not spiralling: the backlog never came near the in-flight limit, so the producer kept its pace.
        assertThat(maxBacklog.get()).isLessThan(StreamConfigurationOptions.DEFAULT_MAX_INFLIGHT_REQUESTS / 2);
        assertThat(sent).isGreaterThan((int) (SOAK.toSeconds() * 2_000 * 95 / 100));
        assertThat(stats.recoveries()).isGreaterThanOrEqualTo(drops / 2);
    }

    /** A server that opens calls but never acknowledges: the stream fails in bounded time, with DEADLINE_EXCEEDED. */
    @Test
    void aServerThatNeverAcknowledgesExhaustsTheBudget() {
        String table = uniqueTable("neverack");
        this.server.faults().acceptButNeverAck();
        StreamConfigurationOptions options = StreamConfigurationOptions.builder()
                .serverLackOfAckTimeout(Duration.ofMillis(400))
                .recoveryRetries(3)
                .recoveryBackoff(Duration.ofMillis(50))
                .build();
        ZerobusStream stream = this.sdk.createStream(
                TableProperties.json(table), this.server.clientId(), this.server.clientSecret(), options);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            futures.add(stream.ingestRecord(json(i)).future());
        }
        // 4 attempts of 0.4 s plus short backoffs; the first core reset its budget on every call and never failed.
        await().atMost(Duration.ofSeconds(15)).until(() -> stream.state() == StreamState.FAILED);
        assertThatThrownBy(() -> futures.get(0).join()).hasCauseInstanceOf(ZerobusException.class);
        Throwable outcome = futures.get(9)
                .handle((v, e) -> (e != null) ? e : new AssertionError("acked: " + v))
                .join();
        assertThat(outcome).isInstanceOf(ZerobusException.class);
        ZerobusException cause = (ZerobusException) outcome;
        assertThat(cause.grpcStatus()).hasValue(4);
        assertThat(cause.getMessage()).contains("no acknowledgement");
        assertThat(stream.stats().recoveries()).isEqualTo(3);
        assertThatThrownBy(stream::close).isInstanceOf(ZerobusException.class);
        assertThat(stream.unackedBatches()).hasSize(10);
    }

    /** After the server ends a call cleanly, the client is back within tens of milliseconds (the first core: 1.3 s). */
    @Test
    void aCleanEndIsFollowedByAFastReconnect() {
        ZerobusTestServer immediate = ZerobusTestServer.builder().build().start();
        try (ZerobusSdk local = TestStreams.sdk(immediate);
                ZerobusStream stream = TestStreams.jsonStream(local, immediate, uniqueTable("cleanend"))) {
            long slowest = 0;
            for (int round = 0; round < 3; round++) {
                for (int i = 0; i < 10; i++) {
                    stream.ingestRecord(json(round * 10 + i));
                }
                stream.flush();
                int creations = immediate.streamCreations();
                long ended = System.nanoTime();
                immediate.faults().endOpenStreamsCleanly();
                await().atMost(Duration.ofSeconds(5)).until(() -> immediate.streamCreations() > creations);
                slowest = Math.max(slowest, (System.nanoTime() - ended) / 1_000_000);
            }
            System.out.printf("[figures] reconnect after a clean end: slowest of 3 = %d ms%n", slowest);
            assertThat(slowest).isLessThan(500);
        } finally {
            immediate.close();
        }
    }

    /**
     * A close signal with zero duration is followed at once by the server's final ack and the end of the call: the
     * client must honour that ack before it re-sends anything (the first core re-sent records it covered).
     */
    @Test
    void aZeroDurationCloseSignalResendsNothingTheFinalAckCovered() {
        String table = uniqueTable("zeroclose");
        try (ZerobusStream stream = TestStreams.jsonStream(this.sdk, this.server, table)) {
            int seq = 0;
            for (int round = 0; round < 3; round++) {
                // The signal goes to open calls only: wait until the reconnect after the previous one is done.
                await().atMost(Duration.ofSeconds(5)).until(() -> this.server.streams().stream()
                        .anyMatch((s) -> s.table().equals(table) && s.open()));
                for (int i = 0; i < 400; i++) {
                    stream.ingestRecord(json(seq++));
                }
                // The ack timer fires every 200 ms: most of these are in flight, unacked, when the signal comes.
                this.server.faults().sendCloseSignal(Duration.ZERO);
                stream.flush();
            }
            assertThat(stream.stats().closeSignals()).isEqualTo(3);
            // Requests still on the wire when the server ended the call were never stored and are rightly re-sent;
            // every stored one was covered by the final ack, so a client that honours it stores no duplicate.
            assertThat(this.server.recordCount(table))
                    .as("records stored, duplicates included")
                    .isEqualTo(seq);
            System.out.printf(
                    "[figures] zero-duration close signals: 3 signals, %d records, %d requests re-sent (never stored),"
                            + " 0 duplicates%n",
                    seq, stream.stats().requestsResent());
        }
        TestStreams.assertStoredInOrder(this.server, table, 1200);
    }

    /** A connection that dies silently is found by keepalive PINGs in seconds, not at the 60 s lack-of-ack timeout. */
    @Test
    void keepalivePingsFindAFrozenConnection() {
        String table = uniqueTable("frozen");
        StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                .serverLackOfAckTimeout(Duration.ofSeconds(60))
                .keepAliveInterval(Duration.ofSeconds(1))
                .keepAliveTimeout(Duration.ofSeconds(1))
                .build();
        try (ZerobusStream stream = TestStreams.jsonStream(this.sdk, this.server, table, options)) {
            for (int i = 0; i < 10; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            this.server.faults().freezeConnections();
            long frozen = System.nanoTime();
            for (int i = 10; i < 20; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            long millis = (System.nanoTime() - frozen) / 1_000_000;
            System.out.printf("[figures] frozen connection detected and recovered in %d ms%n", millis);
            assertThat(millis).isLessThan(10_000);
            assertThat(stream.stats().recoveries()).isEqualTo(1);
        }
        TestStreams.assertStoredInOrder(this.server, table, 20);
    }

    /** Samples the stream: whether it ever FAILED, and the largest backlog of unacknowledged requests. */
    private static Thread watch(ZerobusStream stream, AtomicBoolean failed, AtomicLong maxBacklog) {
        Thread watcher = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                if (stream.state() == StreamState.FAILED) {
                    failed.set(true);
                    return;
                }
                maxBacklog.accumulateAndGet(stream.stats().inflightRequests(), Math::max);
                try {
                    Thread.sleep(20);
                } catch (InterruptedException ex) {
                    return;
                }
            }
        });
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }
}
