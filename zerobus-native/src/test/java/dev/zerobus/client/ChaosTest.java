package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Chaos: several producer threads share a few JSON streams, sending single records and batches with unique keys, while
 * a seeded schedule ({@link ChaosSchedule}) injects transient faults only. At the end every acked record must be
 * stored, every failed record must be retrievable from {@link ZerobusStream#unackedBatches()}, no future may be left
 * pending after close, and no stream may have FAILED.
 *
 * <p>System properties: {@code zerobus.chaos.seed} (printed on every run), {@code zerobus.chaos.seconds} (default 45),
 * {@code zerobus.chaos.producers} (4), {@code zerobus.chaos.streams} (2), {@code zerobus.chaos.rate} (requests per
 * second per producer, 150), {@code zerobus.chaos.minGapMillis} and {@code zerobus.chaos.maxGapMillis} (the random gap
 * between two faults, 200 and 800), {@code zerobus.chaos.maxInflight} (the streams' in-flight limit, 50,000; a small one
 * makes producers block on backpressure while faults hit), {@code zerobus.chaos.recoveryRetries} (20).
 *
 * <p>The default schedule (a fault every 200–800 ms) is survivable with a budget of 20 consecutive attempts without
 * ack progress. A much denser one (e.g. every 50–300 ms, three streams) is not: faults then arrive faster than the
 * capped backoff (16 × 150 ms) retries, nearly every attempt meets one, and a stream may fail after about 35 s without
 * progress, which is the budget working as designed; raise {@code zerobus.chaos.recoveryRetries} to keep checking the
 * delivery guarantees under such a schedule.
 */
class ChaosTest {

    private static final long SEED = Long.getLong("zerobus.chaos.seed", 20260601L);

    private static final Duration RUN = Duration.ofSeconds(Long.getLong("zerobus.chaos.seconds", 45));

    private static final int PRODUCERS = Integer.getInteger("zerobus.chaos.producers", 4);

    private static final int STREAMS = Integer.getInteger("zerobus.chaos.streams", 2);

    private static final int RATE = Integer.getInteger("zerobus.chaos.rate", 150);

    private static final int MAX_INFLIGHT =
            Integer.getInteger("zerobus.chaos.maxInflight", StreamConfigurationOptions.DEFAULT_MAX_INFLIGHT_REQUESTS);

    /** Generous for transient faults; a very dense schedule (see the class comment) can still use it up. */
    private static final int RECOVERY_RETRIES = Integer.getInteger("zerobus.chaos.recoveryRetries", 20);

    private static final int MIN_GAP = Integer.getInteger("zerobus.chaos.minGapMillis", 200);

    private static final int MAX_GAP = Integer.getInteger("zerobus.chaos.maxGapMillis", 800);

    /** Longer than any single transient fault (stall ≤ 1.5 s, restart ≤ 0.75 s, freeze found by PINGs in ~2 s). */
    private static final Duration LACK_OF_ACK = Duration.ofSeconds(5);

    private static final Duration FLUSH = Duration.ofSeconds(90);

    private static final Duration CLOSE = Duration.ofSeconds(60);

    @Test
    void transientFaultsNeverFailAStreamLoseARecordOrLeaveAFuturePending() {
        // Every wait inside is bounded; this is the last resort against a hang, with a thread dump before it fires.
        Duration bound = RUN.plus(FLUSH).plus(CLOSE).plusMinutes(2);
        Thread watchdog = watchdog(bound.minusSeconds(30));
        try {
            assertTimeoutPreemptively(bound, this::run, () -> "the chaos run hung; seed " + SEED);
        } finally {
            watchdog.interrupt();
        }
    }

    private void run() throws Exception {
        System.out.printf(
                "[chaos] seed=%d (override with -Dzerobus.chaos.seed) duration=%d s producers=%d streams=%d"
                        + " rate=%d requests/s per producer, a fault every %d-%d ms, max in-flight %d%n",
                SEED, RUN.toSeconds(), PRODUCERS, STREAMS, RATE, MIN_GAP, MAX_GAP, MAX_INFLIGHT);
        ZerobusTestServer server = ZerobusTestServer.builder()
                .ackPolicy(AckPolicy.every(Duration.ofMillis(100)))
                // Short-lived tokens, so that reconnects fetch new ones and the failed token requests bite.
                .tokenTtl(Duration.ofSeconds(3))
                .recordKey(ChaosLedger::serverKey)
                .build()
                .start();
        ZerobusSdk sdk = TestStreams.sdk(server);
        StreamConfigurationOptions options = StreamConfigurationOptions.builder()
                .recoveryRetries(RECOVERY_RETRIES)
                .recoveryBackoff(Duration.ofMillis(150))
                .recoveryTimeout(Duration.ofSeconds(5))
                .serverLackOfAckTimeout(LACK_OF_ACK)
                .keepAliveInterval(Duration.ofSeconds(1))
                .keepAliveTimeout(Duration.ofSeconds(1))
                .flushTimeout(FLUSH)
                .maxBlock(Duration.ofSeconds(30))
                .maxInflightRequests(MAX_INFLIGHT)
                .maxInflightRecords(MAX_INFLIGHT)
                .build();
        List<String> tables = new ArrayList<>();
        ZerobusStream[] streams = new ZerobusStream[STREAMS];
        for (int s = 0; s < STREAMS; s++) {
            tables.add(TestStreams.uniqueTable("chaos_s" + s));
            streams[s] = sdk.createStream(
                    TableProperties.json(tables.get(s)), server.clientId(), server.clientSecret(), options);
        }
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        ChaosLedger ledger = new ChaosLedger();
        long start = System.nanoTime();
        long end = start + RUN.toNanos();
        StateWatcher watcher = new StateWatcher(streams, start, errors);
        Thread watcherThread = daemon(watcher, "chaos-watcher");
        ChaosSchedule schedule = new ChaosSchedule(server, SEED, start, end, MIN_GAP, MAX_GAP);
        Thread scheduleThread = daemon(schedule, "chaos-schedule");
        List<Thread> producers = new ArrayList<>();
        for (int t = 0; t < PRODUCERS; t++) {
            int thread = t;
            producers.add(daemon(() -> produce(thread, streams, ledger, end, start, errors), "chaos-producer-" + t));
        }

        for (Thread producer : producers) {
            producer.join(RUN.toMillis() + 60_000);
            if (producer.isAlive()) {
                errors.add(producer.getName() + " did not stop within 60 s after the run (blocked in ingest?)");
                dumpThreads(producer.getName() + " still running");
            }
        }
        schedule.requestStop();
        scheduleThread.join(10_000);
        if (scheduleThread.isAlive()) {
            errors.add("the fault schedule did not stop");
        }
        if (schedule.error() != null) {
            errors.add("the fault schedule failed: " + schedule.error());
        }
        server.faults().reset();
        if (!server.isRunning()) {
            server.start();
        }
        long faultsOff = System.nanoTime();

        // Drain and close; every step is bounded by the stream's own timeouts.
        for (int s = 0; s < STREAMS; s++) {
            try {
                streams[s].flush();
            } catch (ZerobusException ex) {
                errors.add("flush of stream " + s + " failed: " + ex);
                dumpThreads("flush of stream " + s + " failed");
            }
        }
        long drained = System.nanoTime();
        for (int s = 0; s < STREAMS; s++) {
            try {
                streams[s].close(CLOSE);
            } catch (ZerobusException ex) {
                errors.add("close of stream " + s + " failed: " + ex);
            }
        }
        long closed = System.nanoTime();
        // No waiting here: close has returned, so every future must have its outcome now.
        long pendingAtClose =
                ledger.all().stream().filter((r) -> !r.future.isDone()).count();
        watcher.stop();
        watcherThread.join(5_000);

        ChaosLedger.Verdict total = new ChaosLedger.Verdict();
        List<String> perStream = new ArrayList<>();
        long recoveries = 0;
        long closeSignals = 0;
        long requestsSent = 0;
        long requestsResent = 0;
        for (int s = 0; s < STREAMS; s++) {
            ChaosLedger.Verdict verdict = ledger.verify(s, server.records(tables.get(s)), streams[s].unackedBatches());
            StreamStats stats = streams[s].stats();
            recoveries += stats.recoveries();
            closeSignals += stats.closeSignals();
            requestsSent += stats.requestsSent();
            requestsResent += stats.requestsResent();
            perStream.add(String.format(
                    "stream %d: state=%s requests=%d records=%d stored=%d duplicates=%d (server count %d)"
                            + " recoveries=%d closeSignals=%d sent=%d re-sent=%d longestStall=%d ms",
                    s,
                    streams[s].state(),
                    verdict.requests,
                    verdict.records,
                    verdict.stored,
                    verdict.duplicates(),
                    server.duplicates(tables.get(s)),
                    stats.recoveries(),
                    stats.closeSignals(),
                    stats.requestsSent(),
                    stats.requestsResent(),
                    ledger.longestStall(closed, s)[0]));
            total.add(verdict);
        }
        long[] longestStall = ledger.longestStall(closed, -1);
        long stall = longestStall[0];
        Map<ChaosSchedule.Kind, Integer> injected = schedule.injected();
        perStream.forEach((line) -> System.out.println("[chaos] " + line));
        System.out.printf(
                "[figures] chaos seed=%d duration=%d s producers=%d streams=%d: records=%d requests=%d"
                        + " acked=%d failed=%d (with payload %d) pending-after-close=%d stored=%d duplicates=%d (%.2f %%)"
                        + " recoveries=%d closeSignals=%d requestsSent=%d re-sent=%d (%.1f %%) longestStall=%d ms"
                        + " (from +%d ms) longestAckGap(native)=%d ms drain=%d ms close=%d ms faults=%d %s droppedRequests=%d"
                        + " streamCreations=%d tokenRequests=%d; acked but not stored=%d, failed without payload=%d, stored but"
                        + " never sent=%d%n",
                SEED,
                RUN.toSeconds(),
                PRODUCERS,
                STREAMS,
                total.records,
                total.requests,
                total.ackedRecords,
                total.failedRecords,
                total.failedWithPayload,
                pendingAtClose,
                total.stored,
                total.duplicates(),
                100.0 * total.duplicates() / Math.max(1, total.records),
                recoveries,
                closeSignals,
                requestsSent,
                requestsResent,
                100.0 * requestsResent / Math.max(1, requestsSent),
                stall,
                (longestStall[1] - start) / 1_000_000,
                watcher.longestAckGapMillis(),
                (drained - faultsOff) / 1_000_000,
                (closed - drained) / 1_000_000,
                schedule.total(),
                injected,
                schedule.droppedRequests(),
                server.streamCreations(),
                server.tokenRequests(),
                total.ackedButNotStored.size(),
                total.failedWithoutPayload.size(),
                total.foreignStored);
        sdk.close(Duration.ofSeconds(10));
        server.close();

        String context = "seed " + SEED + " (rerun with -Dzerobus.chaos.seed=" + SEED + ")";
        assertThat(errors).as("errors during the run, " + context).isEmpty();
        assertThat(watcher.failures())
                .as("streams that reached FAILED, " + context)
                .isEmpty();
        assertThat(pendingAtClose)
                .as("futures still pending after close returned, " + context)
                .isZero();
        assertThat(total.ackedButNotStored)
                .as("keys of acked records the server does not have, " + context)
                .isEmpty();
        assertThat(total.failedWithoutPayload)
                .as("keys of failed records not in unackedBatches(), " + context)
                .isEmpty();
        assertThat(total.failedRecords)
                .as("failed records (only transient faults were injected), " + context)
                .isZero();
        assertThat(total.foreignStored)
                .as("stored records the test never sent, " + context)
                .isZero();
        assertThat(total.ackedRecords).isEqualTo(total.records);
        assertThat(total.records).as("records sent").isGreaterThan(1_000);
        assertThat(schedule.total()).as("faults injected").isGreaterThan((int) (RUN.toSeconds() / 2));
    }

    private static void produce(
            int thread, ZerobusStream[] streams, ChaosLedger ledger, long end, long start, List<String> errors) {
        Random random = new Random(SEED * 31 + thread);
        long period = 1_000_000_000L / RATE;
        long next = System.nanoTime();
        while (System.nanoTime() < end) {
            int s = random.nextInt(streams.length);
            int size = (random.nextInt(10) < 6) ? 1 : 2 + random.nextInt(19);
            long first = ledger.reserveKeys(size);
            ChaosLedger.Sent request = new ChaosLedger.Sent(s, first, size, System.nanoTime());
            RecordAck ack;
            try {
                if (size == 1) {
                    ack = streams[s].ingestRecord(ChaosLedger.json(first, thread, s, 0));
                } else {
                    List<String> batch = new ArrayList<>(size);
                    for (int i = 0; i < size; i++) {
                        batch.add(ChaosLedger.json(first + i, thread, s, i));
                    }
                    ack = streams[s].ingestJsonBatch(batch);
                }
            } catch (ZerobusException ex) {
                errors.add(String.format(
                        "producer %d: ingest into stream %d refused at +%d ms: %s",
                        thread, s, (System.nanoTime() - start) / 1_000_000, ex));
                return;
            }
            ledger.add(request, ack.future());
            next += period;
            long now = System.nanoTime();
            if (next > now) {
                LockSupport.parkNanos(next - now);
            } else if (now - next > 1_000_000_000L) {
                next = now; // after a long block, do not burst to catch up
            }
        }
    }

    /** Samples the streams' states often; any FAILED is a finding. */
    private static final class StateWatcher implements Runnable {

        private final ZerobusStream[] streams;

        private final long start;

        private final List<String> errors;

        private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

        private final AtomicLong longestAckGap = new AtomicLong();

        private volatile boolean stop;

        StateWatcher(ZerobusStream[] streams, long start, List<String> errors) {
            this.streams = streams;
            this.start = start;
            this.errors = errors;
        }

        @Override
        public void run() {
            boolean[] reported = new boolean[this.streams.length];
            long samples = 0;
            while (!this.stop) {
                for (int s = 0; s < this.streams.length; s++) {
                    StreamState state = this.streams[s].state();
                    if (state == StreamState.FAILED && !reported[s]) {
                        reported[s] = true;
                        String failure = String.format(
                                "stream %d FAILED at +%d ms: %s",
                                s, (System.nanoTime() - this.start) / 1_000_000, this.streams[s]);
                        this.failures.add(failure);
                        System.out.println("[chaos] " + failure);
                        dumpThreads(failure);
                    }
                    if (samples % 10 == 0 && state != StreamState.CLOSED && state != StreamState.FAILED) {
                        try {
                            StreamStats stats = this.streams[s].stats();
                            if (stats.inflightRequests() > 0) {
                                this.longestAckGap.accumulateAndGet(stats.millisSinceAckProgress(), Math::max);
                            }
                        } catch (RuntimeException ex) {
                            this.errors.add("stats() of stream " + s + " threw " + ex);
                        }
                    }
                }
                samples++;
                LockSupport.parkNanos(5_000_000);
            }
        }

        void stop() {
            this.stop = true;
        }

        List<String> failures() {
            return new ArrayList<>(this.failures);
        }

        long longestAckGapMillis() {
            return this.longestAckGap.get();
        }
    }

    private static Thread daemon(Runnable body, String name) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static Thread watchdog(Duration after) {
        return daemon(
                () -> {
                    try {
                        Thread.sleep(after.toMillis());
                        dumpThreads("the chaos run is still going after " + after.toSeconds() + " s");
                    } catch (InterruptedException ex) {
                        // the run ended in time
                    }
                },
                "chaos-watchdog");
    }

    /** Full stacks of every Java thread, for a run that hangs or fails. */
    static void dumpThreads(String why) {
        StringBuilder out =
                new StringBuilder("[chaos] thread dump: ").append(why).append('\n');
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            out.append('"').append(info.getThreadName()).append("\" ").append(info.getThreadState());
            if (info.getLockName() != null) {
                out.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                out.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            out.append('\n');
            for (StackTraceElement frame : info.getStackTrace()) {
                out.append("\tat ").append(frame).append('\n');
            }
        }
        System.out.println(out);
    }
}
