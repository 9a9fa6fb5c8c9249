package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * A request handed to a pooled stream and not yet settled: what the application is told when it is, which outlives the
 * stream when the stream fails and the request is re-sent on its replacement. It is settled once; later outcomes
 * (from a stream it was moved away from) are ignored.
 */
final class PendingSend {

    /** Told the outcome of a request, on the thread that learnt it (the client's ack thread, or a closing one). */
    @FunctionalInterface
    interface Settlement {

        /** Ignores the outcome: for requests nobody waits on. */
        Settlement IGNORED = (result, failure) -> {};

        /** Exactly one of the two is non-null. */
        void settle(IngestResult result, ZerobusException failure);
    }

    private static final AtomicIntegerFieldUpdater<PendingSend> SETTLED =
            AtomicIntegerFieldUpdater.newUpdater(PendingSend.class, "settled");

    final String table;

    final int records;

    private final Settlement settlement;

    private volatile int settled;

    PendingSend(String table, int records, Settlement settlement) {
        this.table = table;
        this.records = records;
        this.settlement = settlement;
    }

    void succeed(long offset) {
        if (SETTLED.compareAndSet(this, 0, 1)) {
            this.settlement.settle(new IngestResult(this.table, offset, this.records), null);
        }
    }

    void fail(ZerobusException cause) {
        if (SETTLED.compareAndSet(this, 0, 1)) {
            this.settlement.settle(null, cause);
        }
    }
}
