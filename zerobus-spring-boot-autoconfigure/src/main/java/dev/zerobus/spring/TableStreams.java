package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordType;
import dev.zerobus.client.StreamStats;
import dev.zerobus.client.ZerobusException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The streams of one table: a fixed number of slots, used round-robin, and the table's cumulative counters. */
final class TableStreams {

    final String name;

    final RecordType type;

    /** The descriptor the table's streams are opened with; {@code null} for JSON. */
    final Descriptor descriptor;

    final boolean eager;

    private final StreamSlot[] slots;

    private final AtomicInteger next = new AtomicInteger();

    /** Counters of streams no longer in the pool, so that the table's counters never go down. */
    private final AtomicLong retiredRecoveries = new AtomicLong();

    private final AtomicLong retiredCloseSignals = new AtomicLong();

    final AtomicLong replacements = new AtomicLong();

    volatile String lastFailure;

    TableStreams(String name, RecordType type, Descriptor descriptor, TableOptions options, ZerobusStreamPool pool) {
        this.name = name;
        this.type = type;
        this.descriptor = descriptor;
        this.eager = options.eager();
        this.slots = new StreamSlot[options.streams()];
        for (int i = 0; i < this.slots.length; i++) {
            this.slots[i] = new StreamSlot(this, pool);
        }
    }

    /** The next slot's open stream, waiting for it until the deadline; {@code null} when none opened in time. */
    PooledStream await(long deadlineNanos) {
        StreamSlot slot = (this.slots.length == 1)
                ? this.slots[0]
                : this.slots[Math.floorMod(this.next.getAndIncrement(), this.slots.length)];
        return slot.await(deadlineNanos);
    }

    List<StreamSlot> slots() {
        return List.of(this.slots);
    }

    /** Opens every slot's stream now (eager tables, at start-up). */
    void open() {
        for (StreamSlot slot : this.slots) {
            try {
                slot.await(System.nanoTime());
            } catch (ZerobusException ex) {
                // reported by the slot, retried by the monitor
            }
        }
    }

    void retired(StreamStats stats) {
        this.retiredRecoveries.addAndGet(stats.recoveries());
        this.retiredCloseSignals.addAndGet(stats.closeSignals());
    }

    TableStatus status() {
        List<String> states = new ArrayList<>(this.slots.length);
        int open = 0;
        long inflight = 0;
        long bytes = 0;
        long stalled = -1;
        long recoveries = this.retiredRecoveries.get();
        long closeSignals = this.retiredCloseSignals.get();
        long waiting = 0;
        long unavailable = -1;
        String lastError = null;
        for (StreamSlot slot : this.slots) {
            states.add(slot.state());
            waiting += slot.waitingRequests();
            unavailable = Math.max(unavailable, slot.millisUnavailable());
            if (slot.lastError() != null) {
                lastError = slot.lastError().getMessage();
            }
            PooledStream stream = slot.current();
            if (stream == null) {
                continue;
            }
            StreamStats stats = stream.stream.stats();
            if (!stream.isDone()) {
                open++;
            }
            inflight += stats.inflightRequests();
            bytes += stats.inflightBytes();
            if (stats.inflightRequests() > 0) {
                stalled = Math.max(stalled, stats.millisSinceAckProgress());
            }
            recoveries += stats.recoveries();
            closeSignals += stats.closeSignals();
        }
        return new TableStatus(
                this.name,
                states,
                open,
                inflight,
                bytes,
                stalled,
                recoveries,
                closeSignals,
                this.replacements.get(),
                waiting,
                (lastError != null) ? lastError : this.lastFailure,
                unavailable);
    }
}
