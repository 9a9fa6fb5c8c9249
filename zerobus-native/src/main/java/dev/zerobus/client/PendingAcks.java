package dev.zerobus.client;

import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The futures handed out by {@link RecordAck#future()} that wait for an ack, ordered by logical offset. Futures are
 * made only on request, so a stream whose users never ask for one keeps nothing here.
 *
 * <p>Callers usually ask for the future of the offset they were just given, so offsets mostly arrive in increasing
 * order: those go to the end of a ring buffer (no boxing, no tree), and acks drain it from the front. The few that
 * arrive out of order (threads racing between ingest and {@code future()}) go to a sorted map, merged back in order
 * on completion. Completion happens outside the state lock, in offset order, on the ack thread or the thread that
 * ends the stream, never on a producer thread: user callbacks run there.
 */
final class PendingAcks {

    private long[] offsets = new long[64];

    private Object[] futures = new Object[64];

    private int head;

    private int size;

    private final TreeMap<Long, CompletableFuture<Long>> outOfOrder = new TreeMap<>();

    /**
     * Held while futures are completed (outside the state lock, which ingest threads need), so completions from the ack
     * thread and from a closing thread never interleave: futures complete in offset order, and once {@link #terminate}
     * returns all of them are done. Taken before the state lock, never after it.
     */
    private final Object completionLock = new Object();

    /** Highest watermark whose futures were taken out for completion. */
    private long completedUpTo = -1;

    /**
     * Highest watermark whose futures have all been completed; below {@link #completedUpTo} while a completion is under
     * way on another thread.
     */
    private long settledUpTo = -1;

    private boolean terminated;

    private ZerobusException terminalError;

    /**
     * The future of an offset: completed already when acked (by what this object completed, or by
     * {@code knownWatermark}, the native watermark the caller just read, unless a lower offset's future still waits),
     * failed when the stream ended without acking it. Never completes other futures and never waits for a completion in progress: the caller is a producer thread,
     * where no user callback may run and which must not wait behind a slow callback.
     */
    CompletableFuture<Long> futureFor(long offset, long knownWatermark) {
        synchronized (this) {
            // While a completion is under way, lower offsets may still be completing: then this future waits and the
            // completing thread completes it after them (see completeUpTo).
            boolean settling = this.settledUpTo != this.completedUpTo;
            if (offset <= this.settledUpTo || (!settling && offset <= knownWatermark && !waitingBelow(offset))) {
                return CompletableFuture.completedFuture(offset);
            }
            if (!this.terminated) {
                return pendingFuture(offset);
            }
        }
        return CompletableFuture.failedFuture(this.terminalError);
    }

    /**
     * Whether a future of a lower offset still waits: then this one waits too, so that the ack thread completes both in
     * offset order. Under the lock.
     */
    private boolean waitingBelow(long offset) {
        return (this.size > 0 && this.offsets[slot(0)] < offset)
                || (!this.outOfOrder.isEmpty() && this.outOfOrder.firstKey() < offset);
    }

    synchronized boolean isEmpty() {
        return this.size == 0 && this.outOfOrder.isEmpty();
    }

    synchronized boolean isTerminated() {
        return this.terminated;
    }

    /**
     * Completes every future up to the watermark, in order, including those asked for while it runs (they come after
     * the ones already taken out, so the order holds). Does nothing once terminated.
     */
    void completeUpTo(long watermark) {
        synchronized (this.completionLock) {
            Drained done;
            synchronized (this) {
                if (this.terminated || watermark <= this.completedUpTo) {
                    return;
                }
                this.completedUpTo = watermark;
                done = drain(watermark);
            }
            while (true) {
                for (int i = 0; i < done.count; i++) {
                    done.future(i).complete(done.offsets[i]);
                }
                synchronized (this) {
                    done = drain(this.completedUpTo);
                    if (done.count == 0) {
                        this.settledUpTo = this.completedUpTo;
                        return;
                    }
                }
            }
        }
    }

    /**
     * The stream ended: completes what the final watermark covers and fails everything else with the error. Futures
     * asked for later resolve the same way. Only the first call counts, so every future of an offset gets one answer.
     * When it returns, every future handed out is done (a completion running on another thread is waited for).
     */
    void terminate(long finalWatermark, ZerobusException error) {
        synchronized (this.completionLock) {
            completeUpTo(finalWatermark);
            Drained failed;
            synchronized (this) {
                if (this.terminated) {
                    return;
                }
                this.terminalError = error;
                this.terminated = true;
                failed = drain(Long.MAX_VALUE);
            }
            for (int i = 0; i < failed.count; i++) {
                failed.future(i).completeExceptionally(error);
            }
        }
    }

    private CompletableFuture<Long> pendingFuture(long offset) {
        if (this.size > 0) {
            int last = slot(this.size - 1);
            if (offset == this.offsets[last]) {
                return future(this.futures[last]);
            }
            if (offset < this.offsets[last]) {
                return this.outOfOrder.computeIfAbsent(offset, (key) -> new CompletableFuture<>());
            }
        }
        CompletableFuture<Long> future = new CompletableFuture<>();
        if (this.size == this.offsets.length) {
            grow();
        }
        int tail = slot(this.size);
        this.offsets[tail] = offset;
        this.futures[tail] = future;
        this.size++;
        return future;
    }

    /** Takes every future up to the watermark out of both structures, merged in offset order. Under the lock. */
    private Drained drain(long watermark) {
        int fromRing = 0;
        while (fromRing < this.size && this.offsets[slot(fromRing)] <= watermark) {
            fromRing++;
        }
        NavigableMap<Long, CompletableFuture<Long>> fromMap = this.outOfOrder.headMap(watermark, true);
        Drained drained = new Drained(fromRing + fromMap.size());
        Iterator<Map.Entry<Long, CompletableFuture<Long>>> map =
                fromMap.entrySet().iterator();
        Map.Entry<Long, CompletableFuture<Long>> next = map.hasNext() ? map.next() : null;
        for (int taken = 0; taken < fromRing; taken++) {
            int at = slot(0);
            while (next != null && next.getKey() < this.offsets[at]) {
                drained.add(next.getKey(), next.getValue());
                next = map.hasNext() ? map.next() : null;
            }
            drained.add(this.offsets[at], this.futures[at]);
            this.futures[at] = null;
            this.head = slot(1);
            this.size--;
        }
        while (next != null) {
            drained.add(next.getKey(), next.getValue());
            next = map.hasNext() ? map.next() : null;
        }
        fromMap.clear();
        return drained;
    }

    private int slot(int index) {
        return (this.head + index) & (this.offsets.length - 1);
    }

    private void grow() {
        long[] newOffsets = new long[this.offsets.length * 2];
        Object[] newFutures = new Object[newOffsets.length];
        for (int i = 0; i < this.size; i++) {
            newOffsets[i] = this.offsets[slot(i)];
            newFutures[i] = this.futures[slot(i)];
        }
        this.offsets = newOffsets;
        this.futures = newFutures;
        this.head = 0;
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<Long> future(Object future) {
        return (CompletableFuture<Long>) future;
    }

    /** Futures taken out under the lock, to complete after it is released. */
    private static final class Drained {

        final long[] offsets;

        final Object[] futures;

        int count;

        Drained(int capacity) {
            this.offsets = new long[capacity];
            this.futures = new Object[capacity];
        }

        void add(long offset, Object future) {
            this.offsets[this.count] = offset;
            this.futures[this.count] = future;
            this.count++;
        }

        CompletableFuture<Long> future(int index) {
            return PendingAcks.future(this.futures[index]);
        }
    }
}
