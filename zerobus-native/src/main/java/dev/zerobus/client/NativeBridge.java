package dev.zerobus.client;

/**
 * The JNI boundary: every native entry point of {@code libzerobus_native}. This class is the contract between the Rust
 * core (with its C shim) and the Java API; nothing else in Java calls native code.
 *
 * <p>Rules both sides keep:
 * <ul>
 *   <li>Handles are opaque ids from a native registry, never raw pointers: a call with an unknown, freed or closed
 *       handle throws {@link IllegalStateException} and never crashes the JVM.
 *   <li>Errors are thrown as {@link ZerobusException} built by the C shim through the cached constructor
 *       {@code ZerobusException(String message, int kind, boolean retryable, int grpcStatus)} ({@code kind} is the
 *       ordinal of {@link ZerobusException.Kind}, {@code grpcStatus} is -1 when there is none). A Rust panic is caught
 *       and thrown as {@code ZerobusException} of kind {@code INTERNAL}. Argument errors detected natively (bad JSON,
 *       wrong record type, null record) are {@code ZerobusException}s of kind {@code INVALID_ARGUMENT}, an oversize
 *       request is {@code RECORD_TOO_LARGE}; the stream goes on.
 *   <li>The natives are bound with {@code RegisterNatives} in {@code JNI_OnLoad}: a signature here that does not match
 *       the shim makes loading fail with {@link UnsatisfiedLinkError} instead of failing later at a call.
 *   <li>Calls that wait (stream creation, ingest under backpressure, waits, flush, close) block the calling Java
 *       thread in native code without holding any JVM critical region.
 *   <li>No upcall per record. The only upcall is to {@link HeadersCallback#fetch()}, once per (re)connect attempt,
 *       for streams created with a custom {@link HeadersProvider}.
 * </ul>
 */
final class NativeBridge {

    /** Record types as on the wire. */
    static final int RECORD_TYPE_PROTO = 1;

    static final int RECORD_TYPE_JSON = 2;

    /** Indexes into the {@code long[] options} array of {@link #streamCreate}. Durations are milliseconds. */
    static final int OPT_MAX_INFLIGHT_REQUESTS = 0;

    static final int OPT_MAX_INFLIGHT_BYTES = 1;
    static final int OPT_RECOVERY = 2; // 1 = on, 0 = off
    static final int OPT_RECOVERY_TIMEOUT_MS = 3;
    static final int OPT_RECOVERY_BACKOFF_MS = 4;
    static final int OPT_RECOVERY_RETRIES = 5;
    static final int OPT_FLUSH_TIMEOUT_MS = 6;
    static final int OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS = 7;
    static final int OPT_CLOSE_SIGNAL_MAX_PAUSE_MS = 8; // -1 = none: use the server's duration
    static final int OPTIONS_LENGTH = 9;

    /** Indexes into the {@code long[]} returned by {@link #streamStats}. */
    static final int STAT_INFLIGHT_REQUESTS = 0;

    static final int STAT_INFLIGHT_BYTES = 1;
    static final int STAT_LAST_ACKED_OFFSET = 2; // logical, -1 before the first ack
    static final int STAT_LAST_ASSIGNED_OFFSET = 3; // logical, -1 before the first ingest
    static final int STAT_RECOVERIES = 4;
    static final int STAT_RECORDS_INGESTED = 5;
    static final int STAT_REQUESTS_SENT = 6; // including re-sends after recovery
    static final int STAT_BYTES_SENT = 7;
    static final int STAT_CLOSE_SIGNALS = 8;
    static final int STATS_LENGTH = 9;

    static {
        NativeLoader.load();
    }

    private NativeBridge() {}

    /** Version string of the native library, e.g. {@code "zerobus_native 0.1.0"}. Cheap; used by the loader. */
    static native String version();

    /**
     * Creates the process-wide client for one Zerobus endpoint and workspace.
     *
     * @param zerobusEndpoint {@code https://host[:port]}, {@code http://host:port} (plaintext) or a bare host (https)
     * @param workspaceUrl base URL of the workspace, whose {@code /oidc/v1/token} issues tokens
     * @param caCertificatePemPath extra CA certificates (PEM file) to trust besides the system store, or {@code null}
     * @param userAgent value of the {@code user-agent} header; {@code x-zerobus-sdk} is set by the core
     * @return an SDK handle
     * @throws ZerobusException INVALID_ARGUMENT for a malformed endpoint or URL, or an unreadable CA file
     */
    static native long sdkCreate(
            String zerobusEndpoint, String workspaceUrl, String caCertificatePemPath, String userAgent);

    /** Frees the SDK handle; streams created from it keep working until closed. Idempotent. */
    static native void sdkFree(long sdk);

    /**
     * Opens a stream and blocks until it is OPEN (creation retries follow the recovery options) or fails.
     *
     * @param recordType {@link #RECORD_TYPE_JSON} or {@link #RECORD_TYPE_PROTO}
     * @param descriptorProto a serialized {@code DescriptorProto} for PROTO streams, {@code null} for JSON
     * @param clientId OAuth client id, or {@code null} when {@code headers} is given
     * @param clientSecret OAuth client secret, or {@code null} when {@code headers} is given
     * @param headers a callback asked for all request headers on every connection attempt, or {@code null}
     * @param options {@link #OPTIONS_LENGTH} values indexed by the {@code OPT_*} constants
     * @return a stream handle
     * @throws ZerobusException INVALID_TABLE_NAME (not {@code catalog.schema.table}), INVALID_ARGUMENT (bad options,
     *     neither credentials nor a callback, PROTO without descriptor), or the error that made creation fail after
     *     the retries allowed by the recovery options (token endpoint, connection, TLS, server status...)
     * @throws IllegalStateException for an unknown or freed SDK handle
     */
    static native long streamCreate(
            long sdk,
            String tableName,
            int recordType,
            byte[] descriptorProto,
            String clientId,
            String clientSecret,
            HeadersCallback headers,
            long[] options);

    /**
     * Opens a new stream for the same table and options as a CLOSED or FAILED one and queues that stream's unacked
     * requests on it first, in order, batches kept whole, with new logical offsets from 0. Blocks like
     * {@link #streamCreate}. The old stream keeps its unacked payloads. Returns the new stream's handle.
     *
     * @throws ZerobusException INVALID_ARGUMENT when the old stream is neither CLOSED nor FAILED, or as {@link
     *     #streamCreate}
     */
    static native long streamRecreate(long sdk, long closedOrFailedStream);

    /**
     * Ingests one JSON object (UTF-8). Returns its logical offset. Blocks while queued + in-flight requests equal
     * maxInflightRequests or the bytes would exceed maxInflightBytes (a request larger than maxInflightBytes is
     * admitted once nothing else is pending). Keeps queueing (and may block) while the stream is PAUSED or
     * RECOVERING.
     *
     * @throws ZerobusException INVALID_ARGUMENT (null, not a well-formed JSON object or not UTF-8, or a PROTO
     *     stream), RECORD_TOO_LARGE (over 10,485,760 bytes), STREAM_CLOSED (close() was called, also for callers
     *     blocked on backpressure), STREAM_FAILED (the stream failed; message and gRPC status of the cause). None of
     *     these change the stream.
     */
    static native long ingestJson(long stream, byte[] utf8Json);

    /** Ingests one protobuf-encoded record (not inspected). Returns its logical offset. Throws as {@link #ingestJson}. */
    static native long ingestProto(long stream, byte[] record);

    /**
     * Ingests JSON records (UTF-8) as one request with one logical offset, all or nothing (one record goes out as a
     * single-record request). An empty array sends nothing and returns the last assigned offset (-1 if none). Throws as
     * {@link #ingestJson}; a null element is INVALID_ARGUMENT, and the 10 MiB limit applies to the batch's total.
     */
    static native long ingestJsonBatch(long stream, byte[][] utf8Jsons);

    /** Ingests protobuf-encoded records as one request with one logical offset, all or nothing. As above. */
    static native long ingestProtoBatch(long stream, byte[][] records);

    /** The acked-up-to watermark (logical offset), -1 before the first ack. Never blocks. */
    static native long ackedUpTo(long stream);

    /**
     * Blocks until the watermark is greater than {@code afterOffset}, the stream reaches a terminal state (FAILED or
     * CLOSED, including a freed handle), or the timeout passes ({@code timeoutMillis < 0}: no limit), and returns the
     * watermark then. Never throws for the stream's state. Used by the single ack dispatcher thread of a stream; this
     * is how acks reach Java in bulk.
     */
    static native long awaitAckProgress(long stream, long afterOffset, long timeoutMillis);

    /**
     * Blocks until {@code offset} is acked ({@code timeoutMillis < 0}: no limit). Throws the stream's error (its own
     * kind, not STREAM_FAILED) if it fails first, STREAM_CLOSED if it was closed with the offset unacked,
     * INVALID_ARGUMENT for an offset never assigned, or a retryable {@code ZerobusException} of kind TIMEOUT after
     * {@code timeoutMillis}.
     */
    static native void waitForOffset(long stream, long offset, long timeoutMillis);

    /**
     * Waits until everything ingested before the call is acked, bounded by the flush timeout, through recoveries and
     * close-signal pauses; other threads keep ingesting meanwhile. Throws the stream's error if it fails, TIMEOUT
     * (retryable) when the flush timeout passes, STREAM_CLOSED if the stream was closed with records unacked.
     */
    static native void flush(long stream);

    /**
     * Refuses new records (STREAM_CLOSED), flushes, then half-closes the RPC and waits (a few seconds at most) for the
     * server to end it; the state is then CLOSED and unacked requests (if the flush failed) stay retrievable.
     * Idempotent: a second or concurrent call, or a call on a FAILED stream, returns at once without throwing. Throws
     * what the flush threw (the stream's error if it failed meanwhile).
     */
    static native void close(long stream);

    /**
     * Releases the native stream (cancelling the RPC at once if still open; waiters wake up). Idempotent; later calls
     * on the handle throw {@link IllegalStateException}.
     */
    static native void streamFree(long stream);

    /** The ordinal of {@link StreamState}. */
    static native int streamState(long stream);

    /** {@link #STATS_LENGTH} counters indexed by the {@code STAT_*} constants. */
    static native long[] streamStats(long stream);

    /** The server-assigned id of the current RPC, or {@code null} before the first one. */
    static native String streamId(long stream);

    /**
     * The error that failed the stream, thrown as it would be by a failing call, or nothing when the stream has not
     * failed. Lets Java complete pending futures with the real cause.
     */
    static native void throwFailure(long stream);

    /**
     * Logical offsets of the requests not acked, in order; valid after CLOSED or FAILED (empty before). Stays valid
     * (also after {@link #streamRecreate}) until {@link #streamFree}.
     */
    static native long[] unackedOffsets(long stream);

    /** Payloads of the requests not acked, one {@code byte[][]} per request (a single record is an array of one). */
    static native byte[][][] unackedPayloads(long stream);

    /**
     * What the core calls on a (re)connect when the stream was created with a custom {@link HeadersProvider}. Called on
     * a native thread attached to the JVM; its method id is cached in {@code JNI_OnLoad}.
     */
    interface HeadersCallback {
        /**
         * @return header names and values, alternating ({@code [name0, value0, name1, value1, ...]}); an exception thrown
         *     here fails the connection attempt with a retryable error carrying its message
         */
        String[] fetch();

        /** Called after the server answered UNAUTHENTICATED, before the next {@link #fetch()}. */
        void invalidate();
    }
}
