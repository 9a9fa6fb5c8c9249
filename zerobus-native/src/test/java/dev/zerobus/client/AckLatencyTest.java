package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Ack latency at a paced load well below saturation (issue 11, part 2): one producer ingests single ~100-byte JSON
 * records at a fixed rate into a server that acks at once, and the time from the ingest call to its future completing
 * is recorded per record. The percentiles are printed as a {@code [figures]} line; nothing about time is asserted,
 * only that every future completed, successfully and in offset order.
 *
 * <p>System properties: {@code zerobus.latency.records} (measured records, default 20,000: one second at the default
 * rate; the figure used 400,000), {@code zerobus.latency.rate} (records/s, 20,000),
 * {@code zerobus.latency.runs} (1), {@code zerobus.latency.lingerMicros} (the stream's linger, default 0).
 */
class AckLatencyTest {

    private static final int RECORDS = Integer.getInteger("zerobus.latency.records", 20_000);

    private static final int RATE = Integer.getInteger("zerobus.latency.rate", 20_000);

    private static final int RUNS = Integer.getInteger("zerobus.latency.runs", 1);

    private static final long LINGER_MICROS = Long.getLong("zerobus.latency.lingerMicros", 0);

    /** Records sent before each measured run, so that the JIT and the connection are warm. */
    private static final int WARM_UP = 5_000;

    @Test
    void pacedSingleRecordsWithImmediateAcks() {
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                        .ackPolicy(AckPolicy.immediate())
                        .benchmarkMode(true)
                        .build()
                        .start();
                ZerobusSdk sdk = TestStreams.sdk(server)) {
            StreamConfigurationOptions options = TestStreams.fastOptions().toBuilder()
                    .linger(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS)))
                    .build();
            for (int run = 1; run <= RUNS; run++) {
                try (ZerobusStream stream =
                        TestStreams.jsonStream(sdk, server, TestStreams.uniqueTable("ack_latency"), options)) {
                    measure(stream, WARM_UP);
                    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                    long[] nanos = measure(stream, RECORDS);
                    Arrays.sort(nanos);
                    System.out.printf(
                            "[figures] ack latency run %d, %,d records at %,d/s, linger %d us, load %.2f: p50 %.3f ms,"
                                    + " p90 %.3f ms, p99 %.3f ms, p99.9 %.3f ms, max %.3f ms%n",
                            run,
                            RECORDS,
                            RATE,
                            LINGER_MICROS,
                            load,
                            percentile(nanos, 50),
                            percentile(nanos, 90),
                            percentile(nanos, 99),
                            percentile(nanos, 99.9),
                            percentile(nanos, 100));
                }
            }
        }
    }

    /** Ingests {@code count} records at the configured rate; returns each one's ingest-to-future time. */
    private static long[] measure(ZerobusStream stream, int count) {
        long[] started = new long[count];
        long[] latency = new long[count];
        AtomicLong lastCompleted = new AtomicLong(-1);
        AtomicLong outOfOrder = new AtomicLong();
        CompletableFuture<?>[] futures = new CompletableFuture<?>[count];
        long interval = TimeUnit.SECONDS.toNanos(1) / RATE;
        long next = System.nanoTime();
        for (int i = 0; i < count; i++) {
            pace(next);
            next += interval;
            int index = i;
            started[i] = System.nanoTime();
            RecordAck ack = stream.ingestRecord(TestStreams.json(i));
            futures[i] = ack.future().whenComplete((offset, error) -> {
                latency[index] = System.nanoTime() - started[index];
                if (lastCompleted.getAndSet(offset) > offset) {
                    outOfOrder.incrementAndGet();
                }
            });
        }
        CompletableFuture.allOf(futures).join();
        assertThat(outOfOrder).as("futures completed out of offset order").hasValue(0);
        return latency;
    }

    /** Waits until {@code deadline}: parked while far from it, spinning for the last stretch. */
    private static void pace(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > 200_000) {
                LockSupport.parkNanos(left - 100_000);
            } else {
                Thread.onSpinWait();
            }
        }
    }

    private static double percentile(long[] sorted, double percent) {
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
