package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Nothing waits forever: ingest gives up after maxBlock, waits honour interrupts, creation can be asynchronous. */
class BoundedBlockingTest extends SdkPerTest {

    private static StreamConfigurationOptions smallWindow(Duration maxBlock) {
        return TestStreams.fastOptions().toBuilder()
                .maxInflightRecords(5)
                .maxBlock(maxBlock)
                .build();
    }

    @Test
    void aFullWindowFailsTheIngestCallAfterMaxBlockAndTakesNothing() {
        String table = uniqueTable("maxblock");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, smallWindow(Duration.ofMillis(300)))) {
            this.server.faults().acceptButNeverAck();
            for (int i = 0; i < 5; i++) {
                stream.ingestRecord(json(i));
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> stream.ingestRecord(json(5)))
                    .isInstanceOfSatisfying(ZerobusException.class, (e) -> {
                        assertThat(e.kind()).isEqualTo(ZerobusException.Kind.TIMEOUT);
                        assertThat(e.isRetryable()).isTrue();
                        assertThat(e.getMessage()).contains("stayed full for 300 ms");
                    });
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).isBetween(250L, 3_000L);
            assertThat(stream.stats().recordsIngested()).isEqualTo(5);
            this.server.faults().reset();
            stream.ingestRecord(json(5));
            stream.flush();
        }
        TestStreams.assertStoredInOrder(this.server, table, 6);
    }

    @Test
    void anInterruptEndsAWaitForRoomAndAFlush() throws Exception {
        String table = uniqueTable("interrupt");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table, smallWindow(Duration.ofSeconds(60)))) {
            this.server.faults().acceptButNeverAck();
            for (int i = 0; i < 5; i++) {
                stream.ingestRecord(json(i));
            }
            assertInterrupted(() -> stream.ingestRecord(json(5)));
            assertInterrupted(stream::flush);
            this.server.faults().reset();
            stream.flush();
        }
    }

    private static void assertInterrupted(Runnable blocking) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> flagKept = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                blocking.run();
            } catch (RuntimeException ex) {
                thrown.set(ex);
                flagKept.set(Thread.currentThread().isInterrupted());
            }
        });
        thread.start();
        Thread.sleep(300);
        assertThat(thread.isAlive()).as("blocked").isTrue();
        long start = System.nanoTime();
        thread.interrupt();
        thread.join(5_000);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
        assertThat(thrown.get()).isInstanceOfSatisfying(ZerobusException.class, (e) -> assertThat(e.kind())
                .isEqualTo(ZerobusException.Kind.INTERRUPTED));
        assertThat(flagKept.get()).as("interrupt flag kept").isTrue();
    }

    @Test
    void createStreamAsyncNeverBlocksTheCallerOnTheNetwork() throws Exception {
        ZerobusTestServer down = ZerobusTestServer.builder().build().start();
        try (ZerobusSdk local = TestStreams.sdk(down)) {
            down.stop();
            StreamConfigurationOptions patient = TestStreams.fastOptions().toBuilder()
                    .recoveryRetries(40)
                    .recoveryBackoff(Duration.ofMillis(100))
                    .build();
            String table = uniqueTable("async");
            long start = System.nanoTime();
            CompletableFuture<ZerobusStream> opening =
                    local.createStreamAsync(TableProperties.json(table), down.clientId(), down.clientSecret(), patient);
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(200);
            Thread.sleep(500);
            assertThat(opening).isNotDone();
            down.restart();
            try (ZerobusStream stream = opening.get(30, TimeUnit.SECONDS)) {
                assertThat(stream.state()).isEqualTo(StreamState.OPEN);
                stream.ingestRecord(json(0));
            }
            assertThat(down.records(table)).hasSize(1);

            StreamConfigurationOptions impatient =
                    TestStreams.fastOptions().toBuilder().recoveryRetries(1).build();
            down.faults().failNextStreamCreations(5, io.grpc.Status.Code.UNAVAILABLE);
            CompletableFuture<ZerobusStream> failing = local.createStreamAsync(
                    TableProperties.json(table), down.clientId(), down.clientSecret(), impatient);
            assertThatThrownBy(() -> failing.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ZerobusException.class)
                    .hasMessageContaining("UNAVAILABLE");
            down.faults().reset();
        } finally {
            down.close();
        }
    }

    /** Closing the SDK closes its streams in parallel within one bound; every future then has an outcome. */
    @Test
    void sdkCloseEndsEveryStreamWithinOneBound() {
        ZerobusSdk local = TestStreams.sdk(this.server);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        List<ZerobusStream> streams = new ArrayList<>();
        this.server.faults().acceptButNeverAck();
        for (int s = 0; s < 3; s++) {
            ZerobusStream stream = jsonStream(local, this.server, uniqueTable("sdkclose_" + s));
            streams.add(stream);
            for (int i = 0; i < 20; i++) {
                futures.add(stream.ingestRecord(json(i)).future());
            }
        }
        long start = System.nanoTime();
        assertThatThrownBy(() -> local.close(Duration.ofSeconds(1)))
                .isInstanceOfSatisfying(ZerobusException.class, (e) -> assertThat(e.getMessage())
                        .startsWith("3 of 3 streams could not be flushed"));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("one bound, not one per stream").isLessThan(2_900);
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompletedExceptionally());
        assertThat(streams).allSatisfy((s) -> assertThat(s.unackedBatches()).hasSize(20));
        this.server.faults().reset();
    }
}
