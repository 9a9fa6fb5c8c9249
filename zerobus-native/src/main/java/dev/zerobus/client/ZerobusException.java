package dev.zerobus.client;

import java.util.OptionalInt;

/**
 * Every failure of the Zerobus client: a {@link Kind}, whether retrying can help, and the gRPC status code where the
 * server sent one. Messages never contain credentials or tokens.
 */
public class ZerobusException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. The ordinals are part of the JNI contract: append only. */
    public enum Kind {
        /** A caller error detected before anything was sent: bad JSON, wrong record type, empty table name. */
        INVALID_ARGUMENT,
        /** A single request (record or batch) over the 10 MiB service limit. */
        RECORD_TOO_LARGE,
        /** The table name is not {@code catalog.schema.table}. */
        INVALID_TABLE_NAME,
        /** The endpoint or workspace URL cannot be used. */
        INVALID_ENDPOINT,
        /** The token endpoint refused the credentials, or the server answered UNAUTHENTICATED. */
        AUTHENTICATION,
        /** The principal lacks a grant (PERMISSION_DENIED, or 403 from the token endpoint). */
        PERMISSION_DENIED,
        /** The token endpoint failed (5xx, unreachable, malformed answer). */
        TOKEN_ENDPOINT,
        /** TCP connection, proxy or HTTP/2 failure. */
        CONNECTION,
        /** TLS handshake or certificate failure. */
        TLS,
        /** A wait, flush, recovery attempt or the server lack-of-ack timeout ran out. */
        TIMEOUT,
        /** The server ended the stream with a gRPC status (see {@link #grpcStatus()}). */
        SERVER,
        /** The server broke the protocol (unexpected first message, ack without offset). */
        PROTOCOL,
        /** The stream is closed (by the user) and takes no more records. */
        STREAM_CLOSED,
        /** The stream failed earlier; this call reports that failure. */
        STREAM_FAILED,
        /** A bug or panic inside the client core. */
        INTERNAL,
        /** The waiting thread was interrupted (its interrupt flag stays set); nothing was lost. */
        INTERRUPTED
    }

    private final Kind kind;

    private final boolean retryable;

    private final int grpcStatus;

    public ZerobusException(String message, Kind kind, boolean retryable) {
        this(message, kind, retryable, -1, null);
    }

    public ZerobusException(String message, Kind kind, boolean retryable, int grpcStatus, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
        this.grpcStatus = grpcStatus;
    }

    /** Called by the JNI shim through a method id cached in {@code JNI_OnLoad}. */
    ZerobusException(String message, int kind, boolean retryable, int grpcStatus) {
        this(message, kindOf(kind), retryable, grpcStatus, null);
    }

    private static Kind kindOf(int ordinal) {
        Kind[] kinds = Kind.values();
        return (ordinal >= 0 && ordinal < kinds.length) ? kinds[ordinal] : Kind.INTERNAL;
    }

    /** Whether the same operation may succeed if tried again (on this stream after recovery, or on a new one). */
    public boolean isRetryable() {
        return this.retryable;
    }

    public Kind kind() {
        return this.kind;
    }

    /** The gRPC status code number (e.g. 16 for UNAUTHENTICATED) when the server sent one. */
    public OptionalInt grpcStatus() {
        return (this.grpcStatus >= 0) ? OptionalInt.of(this.grpcStatus) : OptionalInt.empty();
    }
}
