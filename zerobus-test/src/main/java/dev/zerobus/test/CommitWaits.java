package dev.zerobus.test;

import java.util.ArrayDeque;

/**
 * The requests of one stream that are stored but not yet committed to the table's output, as (offset, commit ticket)
 * in offset order. Guarded by the owning session's monitor.
 */
final class CommitWaits {

    private final ArrayDeque<long[]> waiting = new ArrayDeque<>();

    void add(long offset, long ticket) {
        waiting.addLast(new long[] {offset, ticket});
    }

    /** Drops the requests committed by {@code committedTicket}; returns the highest such offset, or -1 if none. */
    long release(long committedTicket) {
        long released = -1;
        while (!waiting.isEmpty() && waiting.peekFirst()[1] <= committedTicket) {
            released = waiting.pollFirst()[0];
        }
        return released;
    }

    boolean isEmpty() {
        return waiting.isEmpty();
    }
}
