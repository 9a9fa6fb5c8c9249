package dev.zerobus.test;

import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The seeded coin of {@link FaultInjector#dropRequests}: one draw per ingest request, over all streams, in the order the
 * requests arrive. A single generator seeded when the fault is set (rather than one per stream, or a hash of the
 * offset) makes the schedule a property of the arrival order alone: request {@code k} since the fault was set is
 * dropped exactly when the {@code k}-th {@link SplittableRandom#nextDouble()} of {@code new SplittableRandom(seed)} is
 * below the probability, which is what lets a test predict or replay it. Thread-safe (sessions of different
 * connections draw from different I/O threads).
 */
final class RequestDropper {

    private final AtomicLong dropped = new AtomicLong();

    // Guarded by this.
    private double probability;
    private SplittableRandom random;

    /** Starts a new schedule (and a new drop count); probability 0 turns dropping off. */
    synchronized void start(double probability, long seed) {
        this.probability = probability;
        this.random = probability > 0 ? new SplittableRandom(seed) : null;
        dropped.set(0);
    }

    /** Stops dropping; the count of drops so far is kept for the test to read. */
    synchronized void stop() {
        probability = 0;
        random = null;
    }

    /** One draw for one arriving request: true if it is to be dropped. */
    boolean drawDrop() {
        synchronized (this) {
            if (random == null || random.nextDouble() >= probability) {
                return false;
            }
        }
        dropped.incrementAndGet();
        return true;
    }

    long dropped() {
        return dropped.get();
    }
}
