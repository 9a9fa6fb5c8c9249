package dev.zerobus.benchmarks.clients;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Ack times of a paced run, by the record's sequence number. A client reports either per record ({@link #acked}, from
 * a future) or, like the official SDK's callback, a durable offset ({@link #sentAt} then {@link #durableUpTo}).
 */
public final class AckProbe {

    private final long[] sentNanos;
    private final AtomicLongArray ackedNanos;
    private final AtomicLongArray offsets;
    private volatile int sent;
    private long durable = -1;
    private int nextUnacked;

    public AckProbe(int capacity) {
        this.sentNanos = new long[capacity];
        this.ackedNanos = new AtomicLongArray(capacity);
        this.offsets = new AtomicLongArray(capacity);
    }

    public int capacity() {
        return sentNanos.length;
    }

    /** The moment the call that sends record {@code sequence} began (set by the producer before it calls). */
    public void sent(int sequence, long nanos) {
        sentNanos[sequence] = nanos;
    }

    /** Record {@code sequence} is acknowledged now. */
    public void acked(int sequence) {
        ackedNanos.compareAndSet(sequence, 0, System.nanoTime());
    }

    /** Record {@code sequence} went out with {@code offset}; it may already be durable if the callback came first. */
    public synchronized void sentAt(int sequence, long offset) {
        offsets.set(sequence, offset);
        sent = sequence + 1;
        sweep();
    }

    /** The client says everything up to {@code offset} is durable. */
    public synchronized void durableUpTo(long offset) {
        durable = Math.max(durable, offset);
        sweep();
    }

    private void sweep() {
        while (nextUnacked < sent && offsets.get(nextUnacked) <= durable) {
            acked(nextUnacked++);
        }
    }

    /**
     * Latency percentiles in microseconds over the first {@code count} records, from sent to acked, or null when one
     * of them has no ack (the run then did not measure what it claims).
     */
    public double[] percentilesMicros(int count, double... quantiles) {
        long[] latencies = new long[count];
        for (int i = 0; i < count; i++) {
            long acked = ackedNanos.get(i);
            if (acked == 0) {
                return null;
            }
            latencies[i] = acked - sentNanos[i];
        }
        Arrays.sort(latencies);
        double[] result = new double[quantiles.length];
        for (int q = 0; q < quantiles.length; q++) {
            int index = (int) Math.min(count - 1, Math.ceil(quantiles[q] * count) - 1);
            result[q] = latencies[Math.max(0, index)] / 1e3;
        }
        return result;
    }
}
