package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;

/**
 * A record handed to {@link ZerobusOperations} was not made durable: thrown by a send method, or the exception a send's
 * future completes with. Carries the table and the record (the application object as it was handed over, or the
 * collection of a batch) so that a handler can keep or re-send it. The {@link #kind()} and {@link #isRetryable()} are
 * those of the cause.
 */
public class ZerobusSendException extends ZerobusException {

    private static final long serialVersionUID = 1L;

    private final String table;

    private final transient Object record;

    public ZerobusSendException(String message, String table, Object record, ZerobusException cause) {
        super(message, cause.kind(), cause.isRetryable(), cause.grpcStatus().orElse(-1), cause);
        this.table = table;
        this.record = record;
    }

    protected ZerobusSendException(String message, String table, Object record, Kind kind, boolean retryable) {
        super(message, kind, retryable);
        this.table = table;
        this.record = record;
    }

    /** The table the record was sent to. */
    public String getTable() {
        return this.table;
    }

    /** The record as the application handed it over ({@code Collection} for a batch); {@code null} if unknown. */
    public Object getRecord() {
        return this.record;
    }
}
