package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Memory at the size of the window (issue 11, part 3). RSS ({@code VmRSS} of {@code /proc/self/status}) and heap are
 * sampled every second ({@code [memory]} lines) while records stream through one stream whose server acks every
 * 200 ms, so the window stays full; and while streams are created, used and closed one after another. Asserted are
 * byte bounds with room for the JVM's own growth: what the stream holds never exceeds its byte limit (plus one
 * request), the resident memory outside the heap grows after the warm-up by less than the window's bytes plus a fixed overhead, and streams that were
 * closed give their native memory back.
 *
 * <p>System properties: {@code zerobus.memory.records} (default 300,000; the figure uses 10,000,000),
 * {@code zerobus.memory.streams} (default 300; the figure uses 10,000).
 */
class MemoryFootprintTest {

    private static final long RECORDS = Long.getLong("zerobus.memory.records", 300_000);

    private static final int STREAMS = Integer.getInteger("zerobus.memory.streams", 300);

    private static final long WINDOW_BYTES = 16L << 20;

    /** JIT code, thread stacks, allocator arenas and the heap's own growth after the warm-up. */
    private static final long FIXED_OVERHEAD = 96L << 20;

    private static final int BATCH = 100;

    @Test
    void oneStreamHoldsAtMostItsWindow() {
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                        .ackPolicy(AckPolicy.every(Duration.ofMillis(200)))
                        .benchmarkMode(true)
                        .build()
                        .start();
                ZerobusSdk sdk = TestStreams.sdk(server);
                Sampler sampler = new Sampler("one stream")) {
            StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                    .maxInflightBytes(WINDOW_BYTES)
                    .build();
            long warmUp = Math.min(RECORDS / 10, 1_000_000);
            long heldMax = 0;
            String table = TestStreams.uniqueTable("memory_one");
            try (ZerobusStream stream = TestStreams.jsonStream(sdk, server, table, options)) {
                List<String> batch = new ArrayList<>(BATCH);
                for (long sent = 0; sent < RECORDS; sent += BATCH) {
                    batch.clear();
                    for (int i = 0; i < BATCH; i++) {
                        batch.add(TestStreams.json((int) (sent + i)));
                    }
                    stream.ingestJsonBatch(batch);
                    if (sent % 10_000 == 0) {
                        heldMax = Math.max(heldMax, stream.stats().inflightBytes());
                    }
                    if (sent == warmUp - warmUp % BATCH) {
                        sampler.markWarm();
                    }
                }
                stream.flush();
            }
            sampler.sample();
            System.out.printf(
                    "[figures] %,d records through one stream (window %d MiB): held at most %.1f MiB; RSS outside the heap after the"
                            + " warm-up %.1f MiB, highest later %.1f MiB (growth %.1f MiB); heap highest %.1f MiB%n",
                    RECORDS,
                    WINDOW_BYTES >> 20,
                    heldMax / 1048576.0,
                    sampler.warmRss / 1048576.0,
                    sampler.maxRssAfterWarm / 1048576.0,
                    (sampler.maxRssAfterWarm - sampler.warmRss) / 1048576.0,
                    sampler.maxHeap / 1048576.0);
            assertThat(heldMax).as("bytes held by the stream").isLessThanOrEqualTo(WINDOW_BYTES + 100 * 1024);
            assertThat(sampler.maxRssAfterWarm - sampler.warmRss)
                    .as("growth of the RSS outside the heap after the warm-up")
                    .isLessThan(WINDOW_BYTES + FIXED_OVERHEAD);
        }
    }

    @Test
    void streamsOpenedAndClosedOneAfterAnotherGiveTheirMemoryBack() {
        try (ZerobusTestServer server =
                        ZerobusTestServer.builder().benchmarkMode(true).build().start();
                ZerobusSdk sdk = TestStreams.sdk(server);
                Sampler sampler = new Sampler("streams")) {
            String table = TestStreams.uniqueTable("memory_many");
            int warmUp = Math.max(1, STREAMS / 10);
            for (int i = 0; i < STREAMS; i++) {
                if (i == warmUp) {
                    sampler.markWarm();
                }
                try (ZerobusStream stream = TestStreams.jsonStream(sdk, server, table)) {
                    for (int j = 0; j < 10; j++) {
                        stream.ingestRecord(TestStreams.json(j));
                    }
                    stream.ingestRecord(TestStreams.json(10)).future().join();
                }
            }
            sampler.sample();
            System.out.printf(
                    "[figures] %,d streams opened, used and closed: RSS outside the heap after the warm-up %.1f MiB, highest later %.1f"
                            + " MiB (growth %.1f MiB)%n",
                    STREAMS,
                    sampler.warmRss / 1048576.0,
                    sampler.maxRssAfterWarm / 1048576.0,
                    (sampler.maxRssAfterWarm - sampler.warmRss) / 1048576.0);
            assertThat(sampler.maxRssAfterWarm - sampler.warmRss)
                    .as("growth of the RSS outside the heap after the warm-up")
                    .isLessThan(FIXED_OVERHEAD);
        }
    }

    /**
     * Samples RSS and heap every second on a daemon thread; keeps the highest values after {@link #markWarm()}. What is
     * compared is the resident memory outside the Java heap (RSS minus the heap the JVM has committed): the heap grows
     * with garbage up to its maximum whatever the client holds, and what the client holds natively is what the window
     * must bound.
     */
    private static final class Sampler implements AutoCloseable {

        private final String name;

        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor((task) -> {
            Thread thread = new Thread(task, "memory-sampler");
            thread.setDaemon(true);
            return thread;
        });

        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        private final long started = System.nanoTime();

        private volatile long warmRss = -1;

        private volatile long maxRssAfterWarm;

        private volatile long maxHeap;

        Sampler(String name) {
            this.name = name;
            this.timer.scheduleAtFixedRate(this::sample, 1, 1, TimeUnit.SECONDS);
        }

        void markWarm() {
            this.warmRss = offHeap();
            this.maxRssAfterWarm = this.warmRss;
        }

        private long offHeap() {
            return rss() - this.memory.getHeapMemoryUsage().getCommitted();
        }

        synchronized void sample() {
            long rss = rss();
            long heap = this.memory.getHeapMemoryUsage().getUsed();
            long offHeap = offHeap();
            this.maxHeap = Math.max(this.maxHeap, heap);
            if (this.warmRss >= 0) {
                this.maxRssAfterWarm = Math.max(this.maxRssAfterWarm, offHeap);
            }
            System.out.printf(
                    "[memory] %s +%d s: RSS %.1f MiB, outside the heap %.1f MiB, heap used %.1f MiB%n",
                    this.name,
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - this.started),
                    rss / 1048576.0,
                    offHeap / 1048576.0,
                    heap / 1048576.0);
        }

        @Override
        public void close() {
            this.timer.shutdownNow();
        }

        private static long rss() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException(ex);
            }
            throw new IllegalStateException("no VmRSS in /proc/self/status");
        }
    }
}
