package dev.zerobus.client;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/**
 * The futures handed out by {@link RecordAck#future()} that wait for an ack, ordered by logical offset. Futures are
 * made only on request, so a stream whose users never ask for one keeps nothing here. Completion happens outside the
 * lock, in offset order, because user callbacks may run on the completing thread.
 */
final class PendingAcks {

    private final TreeMap<Long, CompletableFuture<Long>> pending = new TreeMap<>();

    private long completedUpTo = -1;

    private boolean terminated;

    private ZerobusException terminalError;

    /** The future of an offset: completed already when acked, failed when the stream ended without acking it. */
    CompletableFuture<Long> futureFor(long offset) {
        synchronized (this) {
            if (offset <= this.completedUpTo) {
                return CompletableFuture.completedFuture(offset);
            }
            if (!this.terminated) {
                return this.pending.computeIfAbsent(offset, (key) -> new CompletableFuture<>());
            }
        }
        return CompletableFuture.failedFuture(this.terminalError);
    }

    synchronized boolean isEmpty() {
        return this.pending.isEmpty();
    }

    synchronized boolean isTerminated() {
        return this.terminated;
    }

    /** Completes every future up to the watermark, in order. Does nothing once terminated. */
    void completeUpTo(long watermark) {
        List<Map.Entry<Long, CompletableFuture<Long>>> done;
        synchronized (this) {
            if (this.terminated || watermark <= this.completedUpTo) {
                return;
            }
            this.completedUpTo = watermark;
            Map<Long, CompletableFuture<Long>> head = this.pending.headMap(watermark, true);
            if (head.isEmpty()) {
                return;
            }
            done = new ArrayList<>(head.entrySet());
            head.clear();
        }
        for (Map.Entry<Long, CompletableFuture<Long>> entry : done) {
            entry.getValue().complete(entry.getKey());
        }
    }

    /**
     * The stream ended: completes what the final watermark covers and fails everything else with the error. Futures
     * asked for later resolve the same way. Only the first call counts, so every future of an offset gets one answer.
     */
    void terminate(long finalWatermark, ZerobusException error) {
        if (isTerminated()) {
            return;
        }
        completeUpTo(finalWatermark);
        Collection<CompletableFuture<Long>> failed;
        synchronized (this) {
            if (this.terminated) {
                return;
            }
            this.terminalError = error;
            this.terminated = true;
            failed = new ArrayList<>(this.pending.values());
            this.pending.clear();
        }
        for (CompletableFuture<Long> future : failed) {
            future.completeExceptionally(error);
        }
    }
}
