package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Acks never lie: a future of a record the server acknowledged never fails, however late the ack thread runs; no
 * producer waits behind a user callback or runs one; and every future has an outcome once its stream ended.
 */
class AckTruthTest extends SdkPerTest {

    /** The first core failed 161–999 of 1,000 acked futures this way: a close while the ack thread is behind. */
    @Test
    void acknowledgedFuturesNeverFailWhenTheAckThreadIsSlowAndTheStreamCloses() {
        for (Ending ending : Ending.values()) {
            ZerobusSdk local = TestStreams.sdk(this.server);
            ZerobusStream stream = jsonStream(local, this.server, uniqueTable("slowacks_" + ending));
            List<CompletableFuture<Long>> futures = ingestWithSlowCallbacks(stream, 1000);
            stream.flush(); // every record is acknowledged natively; the callbacks are far behind
            ending.end(local, stream);
            List<CompletableFuture<Long>> failed = futures.stream()
                    .filter(CompletableFuture::isCompletedExceptionally)
                    .toList();
            assertThat(failed).as("acked futures failed after %s", ending).isEmpty();
            assertThat(futures).allSatisfy((f) -> assertThat(f.join()).isNotNegative());
            local.close();
        }
    }

    private enum Ending {
        STREAM_CLOSE {
            @Override
            void end(ZerobusSdk sdk, ZerobusStream stream) {
                stream.close();
            }
        },
        SDK_CLOSE {
            @Override
            void end(ZerobusSdk sdk, ZerobusStream stream) {
                sdk.close();
            }
        },
        RECREATE {
            @Override
            void end(ZerobusSdk sdk, ZerobusStream stream) {
                stream.close();
                sdk.recreateStream(stream).close();
            }
        };

        abstract void end(ZerobusSdk sdk, ZerobusStream stream);
    }

    private static List<CompletableFuture<Long>> ingestWithSlowCallbacks(ZerobusStream stream, int count) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            CompletableFuture<Long> future = stream.ingestRecord(json(i)).future();
            future.thenRun(() -> sleep(1));
            futures.add(future);
        }
        return futures;
    }

    /** The first core made a producer calling future() wait 2 s behind a 2 s callback. */
    @Test
    void producersNeitherWaitBehindNorRunUserCallbacks() throws Exception {
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("callbacks"))) {
            CountDownLatch inCallback = new CountDownLatch(1);
            stream.ingestRecord(json(0)).future().thenRun(() -> {
                inCallback.countDown();
                sleep(2_000);
            });
            assertThat(inCallback.await(10, TimeUnit.SECONDS)).isTrue();
            Set<Thread> callbackThreads = ConcurrentHashMap.newKeySet();
            this.server.faults().ackOnlyUpTo(0);
            long start = System.nanoTime();
            List<CompletableFuture<Void>> callbacks = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                CompletableFuture<Long> future = stream.ingestRecord(json(i)).future();
                callbacks.add(future.thenRun(() -> callbackThreads.add(Thread.currentThread())));
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis)
                    .as("100 ingest + future() calls behind a 2 s callback")
                    .isLessThan(1_000);
            this.server.faults().clearAckLimit();
            CompletableFuture.allOf(callbacks.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(callbackThreads).doesNotContain(Thread.currentThread());
        }
    }

    /** When close() returns, no future is left pending, even when the flush timed out. */
    @Test
    void everyFutureHasAnOutcomeWhenCloseReturns() {
        ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("outcomes"));
        this.server.faults().acceptButNeverAck();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(stream.ingestRecord(json(i)).future());
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> stream.close(Duration.ofMillis(300)))
                .isInstanceOfSatisfying(ZerobusException.class, (e) -> assertThat(e.getMessage())
                        .contains("with 100 requests unacknowledged; they are kept in unackedBatches()"));
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompletedExceptionally());
        assertThat(stream.unackedBatches()).hasSize(100);
        this.server.faults().reset();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
