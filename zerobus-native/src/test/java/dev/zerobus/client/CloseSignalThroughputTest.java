package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The throughput scenario: acks every 200 ms, one stream, single records as fast as the client takes them, once
 * without faults and once with a close signal every 3 s plus 1 request in 50,000 dropped. The first core delivered
 * 7k–17k records/s under these faults (the official SDK 77k–96k) because it re-sent its whole backlog after each one.
 *
 * <p>Asserted: nothing lost (every ingested record is stored, by key), the stream never FAILED, the flush succeeded.
 * The rate and re-send figures are printed as {@code [figures]} lines; the targets (rate with faults at least half the
 * baseline, re-sent requests under 20 % of all sent) are asserted only with {@code -Dzerobus.throughput.assertTargets=true},
 * because on a loaded 2-core CI machine the rates of two short runs vary too much for a reliable gate.
 *
 * <p>System properties: {@code zerobus.throughput.seconds} (per run, default 12), {@code zerobus.throughput.producers}
 * (2), {@code zerobus.throughput.signalMillis} (the close signals' durations, one faulty run per value, default
 * {@code 0,500}; -1 for a run without signals), {@code zerobus.throughput.dropsPer} (one dropped request in N, 50,000;
 * 0 for none), {@code zerobus.throughput.maxInflight} (the stream's in-flight limit, default 50,000),
 * {@code zerobus.throughput.warmUpSeconds} (3), {@code zerobus.throughput.benchmarkMode} (count records instead of storing them; then loss is
 * checked by count only).
 */
class CloseSignalThroughputTest {

    private static final Duration RUN = Duration.ofSeconds(Long.getLong("zerobus.throughput.seconds", 12));

    private static final int PRODUCERS = Integer.getInteger("zerobus.throughput.producers", 2);

    private static final List<Long> SIGNAL_MILLIS = Arrays.stream(
                    System.getProperty("zerobus.throughput.signalMillis", "0,500")
                            .split(","))
            .map(String::trim)
            .map(Long::parseLong)
            .toList();

    private static final int MAX_INFLIGHT = Integer.getInteger(
            "zerobus.throughput.maxInflight", StreamConfigurationOptions.DEFAULT_MAX_INFLIGHT_REQUESTS);

    private static final boolean BENCHMARK_MODE = Boolean.getBoolean("zerobus.throughput.benchmarkMode");

    private static final boolean ASSERT_TARGETS = Boolean.getBoolean("zerobus.throughput.assertTargets");

    private static final Duration WARM_UP = Duration.ofSeconds(Long.getLong("zerobus.throughput.warmUpSeconds", 3));

    private static final Duration SIGNAL_EVERY = Duration.ofSeconds(3);

    /** 1 in 50,000 requests; {@code zerobus.throughput.dropsPer} sets the "in N" (0: no drops, to see the signals alone). */
    private static final long DROPS_PER = Long.getLong("zerobus.throughput.dropsPer", 50_000);

    private static final long DROP_SEED = 20261203L;

    @Test
    void closeSignalsEveryThreeSecondsAndRareDropsKeepTheDeliveredRate() throws Exception {
        // JIT and native warm-up, so that the baseline is not measured on a cold JVM.
        run(null, WARM_UP);
        Result baseline = run(null, RUN);
        List<Result> faulty = new ArrayList<>();
        for (long millis : SIGNAL_MILLIS) {
            faulty.add(run(Duration.ofMillis(millis), RUN));
        }
        for (Result result : faulty) {
            System.out.printf(
                    "[figures] %s vs baseline: delivered %.0f vs %.0f"
                            + " records/s, ratio %.2f (target >= 0.5); re-sent %.2f %% of requests (target < 20 %%);"
                            + " duplicates %.3f %%%n",
                    faultName(result.signal),
                    result.deliveredPerSecond(),
                    baseline.deliveredPerSecond(),
                    result.deliveredPerSecond() / baseline.deliveredPerSecond(),
                    result.resentPercent(),
                    result.duplicatesPercent());
        }
        for (Result result : List.of(baseline)) {
            result.assertSound();
        }
        for (Result result : faulty) {
            result.assertSound();
            if (!result.signal.isNegative()) {
                // A signal reaches only a stream that is open at that moment: one reconnecting after a drop misses it.
                assertThat(result.closeSignals).as("close signals received").isPositive();
            }
            if (ASSERT_TARGETS) {
                assertThat(result.deliveredPerSecond())
                        .as("delivered rate with %s against the baseline", faultName(result.signal))
                        .isGreaterThanOrEqualTo(0.5 * baseline.deliveredPerSecond());
                assertThat(result.resentPercent()).as("re-sent requests in %").isLessThan(20.0);
            }
        }
    }

    /** One run; {@code signal} null is the baseline without faults. */
    private static Result run(Duration signal, Duration duration) throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        ZerobusTestServer.Builder builder =
                ZerobusTestServer.builder().ackPolicy(AckPolicy.every(Duration.ofMillis(200)));
        if (BENCHMARK_MODE) {
            builder.benchmarkMode(true);
        } else {
            builder.recordKey((record) -> Long.toString(keyOf(record)));
        }
        ZerobusTestServer server = builder.build().start();
        String table = TestStreams.uniqueTable("close_signal_rate");
        Result result = new Result(signal);
        Samples inflight = new Samples();
        Backoffs backoffs = new Backoffs();
        try (ZerobusSdk sdk = TestStreams.sdk(server)) {
            ZerobusStream stream = sdk.createStream(
                    TableProperties.json(table),
                    server.clientId(),
                    server.clientSecret(),
                    StreamConfigurationOptions.defaults().toBuilder()
                            .flushTimeout(Duration.ofSeconds(120))
                            .maxInflightRequests(MAX_INFLIGHT)
                            .build());
            List<String> errors = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean failed = new AtomicBoolean();
            AtomicBoolean stop = new AtomicBoolean();
            Thread watcher = new Thread(() -> {
                while (!stop.get()) {
                    if (stream.state() == StreamState.FAILED) {
                        failed.set(true);
                        return;
                    }
                    inflight.sample(stream.stats().inflightRequests());
                    sleep(5);
                }
            });
            watcher.setDaemon(true);
            watcher.start();
            if (signal != null) {
                if (DROPS_PER > 0) {
                    server.faults().dropRequests(1.0 / DROPS_PER, DROP_SEED);
                }
            }
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            AtomicLong ingested = new AtomicLong();
            AtomicLong keys = new AtomicLong();
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++) {
                int thread = t;
                Thread producer = new Thread(() -> {
                    long i = 0;
                    try {
                        while ((i & 63) != 0 || System.nanoTime() < end) {
                            // Keys 0..n-1 over all producers; a refused ingest fails the run anyway.
                            stream.ingestRecord(json(keys.getAndIncrement()));
                            i++;
                        }
                    } catch (ZerobusException ex) {
                        errors.add("producer " + thread + ": " + ex);
                    } finally {
                        ingested.addAndGet(i);
                    }
                });
                producer.setDaemon(true);
                producer.start();
                producers.add(producer);
            }
            long nextSignal = start + SIGNAL_EVERY.toNanos();
            while (System.nanoTime() < end) {
                if (signal != null && !signal.isNegative() && System.nanoTime() >= nextSignal) {
                    server.faults().sendCloseSignal(signal);
                    result.signalsSent++;
                    nextSignal += SIGNAL_EVERY.toNanos();
                }
                sleep(10);
            }
            for (Thread producer : producers) {
                producer.join(70_000);
                assertThat(producer.isAlive()).as("producer still blocked").isFalse();
            }
            long window = System.nanoTime();
            result.ackedInWindow = stream.stats().lastAckedOffset() + 1;
            result.dropped = server.faults().droppedRequests();
            server.faults().reset();
            try {
                stream.flush();
            } catch (ZerobusException ex) {
                errors.add("flush: " + ex);
            }
            long flushed = System.nanoTime();
            stop.set(true);
            watcher.join(1_000);
            StreamStats stats = stream.stats();
            try {
                stream.close(Duration.ofSeconds(30));
            } catch (ZerobusException ex) {
                errors.add("close: " + ex);
            }
            result.records = ingested.get();
            result.windowNanos = window - start;
            result.deliveredNanos = flushed - start;
            result.requestsSent = stats.requestsSent();
            result.requestsResent = stats.requestsResent();
            result.recoveries = stats.recoveries();
            result.closeSignals = stats.closeSignals();
            result.failed = failed.get();
            result.errors = errors;
            result.stored = server.recordCount(table);
            if (BENCHMARK_MODE) {
                result.distinctStored = -1;
                result.duplicates = result.stored - result.records;
            } else {
                result.distinctStored = distinctKeys(server.records(table), result.records);
                result.duplicates = server.duplicates(table);
            }
        } finally {
            server.close();
            backoffs.close();
        }
        System.out.printf(
                "[figures] %s: %d s, %d producers, acks every 200 ms, max in-flight %d: records=%d delivered %.0f"
                        + " records/s (acked within the window %.0f/s) requests sent=%d re-sent=%d (%.2f %%)"
                        + " duplicates=%d (%.3f %%) drops=%d recoveries=%d closeSignals=%d of %d sent, in flight"
                        + " (sampled) avg %.0f max %d, %s, drain after the window=%d ms, load average %.1f%s%n",
                (signal == null)
                        ? ((duration == RUN) ? "baseline, no faults" : "warm-up, no faults")
                        : faultName(signal),
                duration.toSeconds(),
                PRODUCERS,
                MAX_INFLIGHT,
                result.records,
                result.deliveredPerSecond(),
                result.ackedInWindow * 1e9 / result.windowNanos,
                result.requestsSent,
                result.requestsResent,
                result.resentPercent(),
                result.duplicates,
                result.duplicatesPercent(),
                result.dropped,
                result.recoveries,
                result.closeSignals,
                result.signalsSent,
                inflight.average(),
                inflight.max,
                backoffs.describe(),
                (result.deliveredNanos - result.windowNanos) / 1_000_000,
                load,
                BENCHMARK_MODE ? " (benchmark mode: loss checked by count)" : "");
        return result;
    }

    private static String faultName(Duration signal) {
        String signals =
                signal.isNegative() ? "no close signals" : "close signal (" + signal.toMillis() + " ms) every 3 s";
        return signals + ((DROPS_PER > 0) ? " + drop 1/" + DROPS_PER : " + no drops");
    }

    /** How many of the keys 0..records-1 were stored; a key outside that range fails the test. */
    private static long distinctKeys(List<IngestedRecord> stored, long records) {
        BitSet seen = new BitSet((int) records);
        for (IngestedRecord record : stored) {
            long key = keyOf(record);
            assertThat(key).as("a stored key the test never sent").isBetween(0L, records - 1);
            seen.set((int) key);
        }
        return seen.cardinality();
    }

    private static String json(long key) {
        return "{\"key\":" + key + ",\"device\":\"sensor-" + (key % 7) + "\",\"value\":" + (key % 1000) + "}";
    }

    private static long keyOf(IngestedRecord record) {
        String json = record.json();
        int from = json.indexOf("\"key\":") + 6;
        int to = json.indexOf(',', from);
        return Long.parseLong(json, from, to, 10);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Reads the core's "recovering ... (retrying in N ms)" log lines (logger {@code dev.zerobus.client}) to show how much
     * of a run was spent waiting before reconnects, the long waits (1 s and more) separately.
     */
    private static final class Backoffs extends Handler {

        private static final Pattern RETRY = Pattern.compile("retrying in (\\d+) ms");

        private final Logger logger = Logger.getLogger(NativeLog.LOGGER_NAME);

        long waits;

        long waitedMillis;

        final List<Long> longWaits = Collections.synchronizedList(new ArrayList<>());

        Backoffs() {
            this.logger.addHandler(this);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            String message = record.getMessage();
            Matcher matcher = (message == null) ? null : RETRY.matcher(message);
            if (matcher != null && matcher.find()) {
                long millis = Long.parseLong(matcher.group(1));
                this.waits++;
                this.waitedMillis += millis;
                if (millis >= 1_000) {
                    this.longWaits.add(millis);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {
            this.logger.removeHandler(this);
        }

        synchronized String describe() {
            return String.format(
                    "reconnect waits %d (%d ms in all; of 1 s or more: %s)",
                    this.waits, this.waitedMillis, this.longWaits);
        }
    }

    /** In-flight requests sampled by the watcher (written by it, read after it stopped). */
    private static final class Samples {

        volatile long sum;

        volatile long count;

        volatile long max;

        void sample(long value) {
            this.sum += value;
            this.count++;
            this.max = Math.max(this.max, value);
        }

        double average() {
            return (this.count == 0) ? 0 : (double) this.sum / this.count;
        }
    }

    private static final class Result {

        final Duration signal;

        long records;

        long ackedInWindow;

        long windowNanos;

        long deliveredNanos;

        long requestsSent;

        long requestsResent;

        long recoveries;

        long closeSignals;

        long signalsSent;

        long dropped;

        long stored;

        long distinctStored;

        long duplicates;

        boolean failed;

        List<String> errors = List.of();

        Result(Duration signal) {
            this.signal = signal;
        }

        /** Records ingested in the window, per second from the start until the flush after it returned. */
        double deliveredPerSecond() {
            return this.records * 1e9 / this.deliveredNanos;
        }

        double resentPercent() {
            return 100.0 * this.requestsResent / Math.max(1, this.requestsSent);
        }

        double duplicatesPercent() {
            return 100.0 * this.duplicates / Math.max(1, this.records);
        }

        void assertSound() {
            String run = (this.signal == null) ? "baseline" : "close signal " + this.signal.toMillis() + " ms";
            assertThat(this.errors).as("errors, %s", run).isEmpty();
            assertThat(this.failed).as("the stream reached FAILED, %s", run).isFalse();
            assertThat(this.records).as("records ingested, %s", run).isGreaterThan(1_000);
            if (this.distinctStored >= 0) {
                assertThat(this.distinctStored)
                        .as("distinct records stored, %s", run)
                        .isEqualTo(this.records);
            } else {
                assertThat(this.stored).as("records counted, %s", run).isGreaterThanOrEqualTo(this.records);
            }
        }
    }
}
