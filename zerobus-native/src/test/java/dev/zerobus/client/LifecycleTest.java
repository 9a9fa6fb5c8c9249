package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.StreamStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing, use after close, concurrent close, the SDK's ownership of its streams, and the Cleaner safety net. */
class LifecycleTest extends SdkPerTest {

    @Test
    void closedStreamRefusesRecordsButStillAnswers() {
        String table = uniqueTable("afterclose");
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        RecordAck first = stream.ingestRecord(json(0));
        RecordAck second = stream.ingestJsonBatch(List.of(json(1), json(2)));
        String id = stream.streamId();

        stream.close();
        stream.close();

        assertThat(stream.state()).isEqualTo(StreamState.CLOSED);
        assertThat(stream.streamId()).isEqualTo(id);
        assertThat(stream.stats().lastAckedOffset()).isEqualTo(1);
        assertThat(stream.stats().recordsIngested()).isEqualTo(3);
        assertThat(stream.unackedBatches()).isEmpty();
        assertThat(first.future()).isCompletedWithValue(0L);
        assertThat(second.await()).isEqualTo(1);
        stream.flush();
        stream.waitForOffset(1);
        for (Runnable call : List.<Runnable>of(
                () -> stream.ingestRecord(json(3)),
                () -> stream.ingestJsonBatch(List.of(json(3))),
                () -> stream.ingestJsonBatch(List.of()))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.STREAM_CLOSED);
                assertThat(ex.isRetryable()).isFalse();
            });
        }
        TestStreams.assertStoredInOrder(this.server, table, 3);
        assertThat(streamsOf(table)).singleElement().satisfies((s) -> assertThat(s.open())
                .isFalse());
    }

    @Test
    void closeRacingWithIngestingThreadsLosesNothingAccepted() throws Exception {
        String table = uniqueTable("closerace");
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Set<Integer> accepted = ConcurrentHashMap.newKeySet();
        List<Throwable> unexpected = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(4);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            workers.add(pool.submit(() -> {
                started.countDown();
                for (int i = 0; i < 5_000; i++) {
                    int seq = thread * 1_000_000 + i;
                    try {
                        stream.ingestRecord(json(seq));
                        accepted.add(seq);
                    } catch (ZerobusException ex) {
                        if (ex.kind() != ZerobusException.Kind.STREAM_CLOSED) {
                            synchronized (unexpected) {
                                unexpected.add(ex);
                            }
                        }
                        return;
                    }
                }
            }));
        }
        started.await();
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(1))
                .until(() -> stream.stats().recordsIngested() >= 2_000);

        stream.close();

        for (Future<?> worker : workers) {
            worker.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(unexpected).isEmpty();
        assertThat(stream.stats().recordsIngested()).isEqualTo(accepted.size());
        List<Integer> stored = TestStreams.distinctSeqs(this.server.records(table));
        assertThat(stored).containsExactlyInAnyOrderElementsOf(accepted);
    }

    @Test
    void closingTheSdkClosesItsOpenStreamsAndRefusesNewOnes() {
        String tableA = uniqueTable("sdkcloseA");
        String tableB = uniqueTable("sdkcloseB");
        ZerobusStream a = jsonStream(this.sdk, this.server, tableA);
        ZerobusStream b = jsonStream(this.sdk, this.server, tableB);
        for (int i = 0; i < 100; i++) {
            a.ingestRecord(json(i));
            b.ingestRecord(json(i));
        }

        this.sdk.close();
        this.sdk.close();

        assertThat(a.state()).isEqualTo(StreamState.CLOSED);
        assertThat(b.state()).isEqualTo(StreamState.CLOSED);
        TestStreams.assertStoredInOrder(this.server, tableA, 100);
        TestStreams.assertStoredInOrder(this.server, tableB, 100);
        assertThatIllegalStateException()
                .isThrownBy(() -> jsonStream(this.sdk, this.server, uniqueTable("afterSdkClose")));
        assertThatIllegalStateException().isThrownBy(() -> this.sdk.recreateStream(a));
        assertThatThrownBy(() -> a.ingestRecord(json(0)))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.STREAM_CLOSED));
    }

    @Test
    void aForgottenStreamIsCancelledAndFreedByTheCleaner() {
        String table = uniqueTable("forgotten");
        openIngestAndForget(table);

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return streamsOf(table).stream().noneMatch(StreamStatistics::open);
                });
        TestStreams.assertStoredInOrder(this.server, table, 10);
    }

    @Test
    void futuresOutliveTheirStreamObject() {
        String table = uniqueTable("futures");
        List<java.util.concurrent.CompletableFuture<Long>> futures = new ArrayList<>();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            this.server.faults().ackOnlyUpTo(-1);
            for (int i = 0; i < 50; i++) {
                futures.add(stream.ingestRecord(json(i)).future());
            }
            assertThat(futures).noneMatch(java.util.concurrent.CompletableFuture::isDone);
            this.server.faults().clearAckLimit();
        }
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompleted());
        assertThat(futures.get(49).join()).isEqualTo(49);
    }

    @Test
    void aFutureCallbackMayCloseTheStreamWhileAnotherThreadClosesIt() throws Exception {
        String table = uniqueTable("callbackclose");
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        this.server.faults().ackOnlyUpTo(-1);
        List<java.util.concurrent.CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(stream.ingestRecord(json(i)).future());
        }
        java.util.concurrent.CompletableFuture<Void> closedInCallback =
                futures.get(10).thenRun(stream::close);
        java.util.concurrent.CompletableFuture<Void> closedOutside =
                java.util.concurrent.CompletableFuture.runAsync(stream::close);

        this.server.faults().clearAckLimit();

        closedOutside.get(30, TimeUnit.SECONDS);
        closedInCallback.get(30, TimeUnit.SECONDS);
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompleted());
        assertThat(stream.state()).isEqualTo(StreamState.CLOSED);
        TestStreams.assertStoredInOrder(this.server, table, 100);
    }

    private void openIngestAndForget(String table) {
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        for (int i = 0; i < 10; i++) {
            stream.ingestRecord(json(i)).future();
        }
        stream.flush();
    }

    private List<StreamStatistics> streamsOf(String table) {
        return this.server.streams().stream()
                .filter((s) -> s.table().equals(table))
                .toList();
    }
}
