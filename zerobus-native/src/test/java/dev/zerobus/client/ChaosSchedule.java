package dev.zerobus.client;

import dev.zerobus.test.FaultInjector;
import dev.zerobus.test.ZerobusTestServer;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A seeded schedule of transient faults against a test server, run on its own thread: every 200–800 ms (by default) one fault
 * (kind and parameters drawn from {@code new Random(seed)}). Only faults a production client must ride out without
 * failing a stream: request drops for a while, close signals with and without a duration, ack stalls below the
 * lack-of-ack timeout, a few failed creations and token requests, a slow token endpoint, connection resets, clean
 * ends, server restarts and frozen connections that only keepalive PINGs find.
 *
 * <p>The sequence of faults is reproducible from the seed; the moments they hit the client are not (they depend on
 * thread timing), which is why every fault is logged with its time.
 */
final class ChaosSchedule implements Runnable {

    enum Kind {
        DROP_REQUESTS(3),
        CLOSE_SIGNAL_ZERO(2),
        CLOSE_SIGNAL(2),
        CLOSE_SIGNAL_WITHOUT_DURATION(1),
        STALL_ACKS(2),
        FAIL_STREAM_CREATIONS(1),
        FAIL_TOKEN_REQUESTS(1),
        BREAK_CONNECTION(1),
        END_STREAMS_CLEANLY(1),
        RESTART_SERVER(1),
        FREEZE_CONNECTIONS(1),
        DELAY_TOKEN_RESPONSES(1);

        final int weight;

        Kind(int weight) {
            this.weight = weight;
        }
    }

    private final ZerobusTestServer server;

    private final Random random;

    private final long endNanos;

    private final long startNanos;

    private final Map<Kind, Integer> injected = Collections.synchronizedMap(new EnumMap<>(Kind.class));

    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private volatile boolean stop;

    private volatile Throwable error;

    private long droppedRequests;

    /** When the faults that last a while end (System.nanoTime()). */
    private final Map<Kind, Long> undoAt = new EnumMap<>(Kind.class);

    /** Bounds of the random gap between two faults, in milliseconds. */
    private final int minGap;

    private final int maxGap;

    ChaosSchedule(ZerobusTestServer server, long seed, long startNanos, long endNanos, int minGap, int maxGap) {
        this.server = server;
        this.minGap = minGap;
        this.maxGap = maxGap;
        this.random = new Random(seed);
        this.startNanos = startNanos;
        this.endNanos = endNanos;
    }

    @Override
    public void run() {
        try {
            long nextFault = System.nanoTime() + millisBetween(this.minGap, this.maxGap) * 1_000_000;
            while (!this.stop && System.nanoTime() < this.endNanos) {
                long wakeAt = Math.min(nextFault, this.endNanos);
                for (long due : this.undoAt.values()) {
                    wakeAt = Math.min(wakeAt, due);
                }
                long sleep = wakeAt - System.nanoTime();
                if (sleep > 0) {
                    Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
                }
                long now = System.nanoTime();
                for (Kind kind : new ArrayList<>(this.undoAt.keySet())) {
                    if (now >= this.undoAt.get(kind)) {
                        undo(kind);
                    }
                }
                if (now >= nextFault && now < this.endNanos && !this.stop) {
                    inject(pick());
                    nextFault = System.nanoTime() + millisBetween(this.minGap, this.maxGap) * 1_000_000;
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (Throwable ex) {
            this.error = ex;
            note("schedule failed: " + ex);
        } finally {
            for (Kind kind : new ArrayList<>(this.undoAt.keySet())) {
                undo(kind);
            }
            if (!this.server.isRunning()) {
                this.server.start();
                note("server started (schedule ended during a restart)");
            }
        }
    }

    /** Ends a fault that lasts a while. */
    private void undo(Kind kind) {
        this.undoAt.remove(kind);
        FaultInjector faults = this.server.faults();
        switch (kind) {
            case DROP_REQUESTS -> {
                this.droppedRequests += faults.droppedRequests();
                faults.dropRequests(0, 0);
                note("drop requests off (" + this.droppedRequests + " dropped so far)");
            }
            case FREEZE_CONNECTIONS -> {
                faults.unfreezeConnections();
                note("unfreeze connections");
            }
            case DELAY_TOKEN_RESPONSES -> {
                faults.delayTokenResponses(Duration.ZERO);
                note("token responses without delay");
            }
            default -> throw new IllegalStateException("nothing to undo for " + kind);
        }
    }

    void requestStop() {
        this.stop = true;
    }

    private Kind pick() {
        int total = 0;
        for (Kind kind : Kind.values()) {
            total += kind.weight;
        }
        int draw = this.random.nextInt(total);
        for (Kind kind : Kind.values()) {
            draw -= kind.weight;
            if (draw < 0) {
                return kind;
            }
        }
        throw new AssertionError();
    }

    private void inject(Kind kind) throws InterruptedException {
        FaultInjector faults = this.server.faults();
        // Every parameter is drawn before checking whether the fault can apply now, so that the sequence of draws (and
        // so the schedule) depends on the seed only.
        long a = millisBetween(100, 500);
        long b = millisBetween(200, 1500);
        int n = 1 + this.random.nextInt(3);
        double p = 0.001 + this.random.nextDouble() * 0.009;
        long seed = this.random.nextLong();
        switch (kind) {
            case DROP_REQUESTS -> {
                if (this.undoAt.containsKey(kind)) {
                    note("drop requests: already dropping, skipped");
                    return;
                }
                faults.dropRequests(p, seed);
                this.undoAt.put(kind, System.nanoTime() + b * 1_000_000);
                note(String.format("drop requests p=%.4f seed=%d for %d ms", p, seed, b));
            }
            case CLOSE_SIGNAL_ZERO -> {
                faults.sendCloseSignal(Duration.ZERO);
                note("close signal, duration 0");
            }
            case CLOSE_SIGNAL -> {
                faults.sendCloseSignal(Duration.ofMillis(a));
                note("close signal, duration " + a + " ms");
            }
            case CLOSE_SIGNAL_WITHOUT_DURATION -> {
                long after = (n == 1) ? 0 : a;
                faults.sendCloseSignalWithoutDuration(Duration.ofMillis(after));
                note("close signal without duration, server ends the call after " + after + " ms");
            }
            case STALL_ACKS -> {
                faults.stallAcks(Duration.ofMillis(b));
                note("stall acks for " + b + " ms");
            }
            case FAIL_STREAM_CREATIONS -> {
                faults.failNextStreamCreations(n, Status.Code.UNAVAILABLE);
                // Creations happen only on reconnects: make one happen now.
                faults.sendCloseSignal(Duration.ZERO);
                note("fail the next " + n + " stream creations (UNAVAILABLE), then close signal 0");
            }
            case FAIL_TOKEN_REQUESTS -> {
                faults.failNextTokenRequests(n, 503);
                note("fail the next " + n + " token requests (503)");
            }
            case BREAK_CONNECTION -> {
                faults.breakConnectionAfterRecords(1 + this.random.nextInt(200));
                note("break the connection after some records");
            }
            case END_STREAMS_CLEANLY -> {
                faults.endOpenStreamsCleanly();
                note("end open streams cleanly");
            }
            case RESTART_SERVER -> {
                this.server.stop();
                note("server stopped for " + b / 2 + " ms");
                Thread.sleep(Math.max(100, b / 2));
                this.server.start();
                note("server started");
            }
            case FREEZE_CONNECTIONS -> {
                if (this.undoAt.containsKey(kind)) {
                    note("freeze: already frozen, skipped");
                    return;
                }
                faults.freezeConnections();
                this.undoAt.put(kind, System.nanoTime() + (2_500 + a * 4) * 1_000_000);
                note("freeze connections for " + (2_500 + a * 4) + " ms");
            }
            case DELAY_TOKEN_RESPONSES -> {
                if (this.undoAt.containsKey(kind)) {
                    note("delay token responses: already delayed, skipped");
                    return;
                }
                // Below the recovery timeout (5 s), so a reconnect that needs a token waits but does not time out.
                faults.delayTokenResponses(Duration.ofMillis(b));
                this.undoAt.put(kind, System.nanoTime() + (2_000 + a * 4) * 1_000_000);
                note("delay token responses by " + b + " ms for " + (2_000 + a * 4) + " ms");
            }
        }
        this.injected.merge(kind, 1, Integer::sum);
    }

    private long millisBetween(long from, long to) {
        return from + this.random.nextInt((int) (to - from + 1));
    }

    private void note(String what) {
        String line = String.format("[chaos] +%6d ms %s", (System.nanoTime() - this.startNanos) / 1_000_000, what);
        this.log.add(line);
        System.out.println(line);
    }

    Map<Kind, Integer> injected() {
        synchronized (this.injected) {
            return new EnumMap<>(this.injected);
        }
    }

    int total() {
        return injected().values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Requests dropped by the drop periods (read before each period ended); call after the schedule thread ended. */
    long droppedRequests() {
        return this.droppedRequests;
    }

    Throwable error() {
        return this.error;
    }

    List<String> log() {
        synchronized (this.log) {
            return new ArrayList<>(this.log);
        }
    }
}
