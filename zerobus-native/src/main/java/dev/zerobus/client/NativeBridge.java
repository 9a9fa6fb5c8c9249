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
    static final int OPT_KEEPALIVE_INTERVAL_MS = 9;
    static final int OPT_KEEPALIVE_TIMEOUT_MS = 10;
    static final int OPT_MAX_INFLIGHT_RECORDS = 11;
    static final int OPT_MAX_REQUEST_RECORDS = 12;
    static final int OPT_MAX_REQUEST_BYTES = 13;
    static final int OPTIONS_LENGTH = 14;

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
    static final int STAT_REQUESTS_RESENT = 9; // included in STAT_REQUESTS_SENT
    static final int STAT_MILLIS_SINCE_ACK_PROGRESS = 10; // -1 before the stream first opened
    static final int STATS_LENGTH = 11;

    /** Flags of {@link #sdkCreate}. */
    static final long SDK_FLAG_ALLOW_PLAINTEXT = 1;

    static {
        NativeLoader.load();
        NativeLog.start();
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
     * @param userAgentSuffix appended to {@code user-agent} after {@code zerobus-java-spring/<version>}, or {@code null}
     * @param version the library's version, sent in {@code x-zerobus-sdk} and {@code user-agent}
     * @param flags {@link #SDK_FLAG_ALLOW_PLAINTEXT} to allow {@code http://} to a host that is not loopback
     * @return an SDK handle
     * @throws ZerobusException INVALID_ENDPOINT for a malformed endpoint or URL, or {@code http://} to a remote host
     *     without the flag; INVALID_ARGUMENT for an unreadable CA file
     */
    static native long sdkCreate(
            String zerobusEndpoint,
            String workspaceUrl,
            String caCertificatePemPath,
            String userAgentSuffix,
            String version,
            long flags);

    /** Frees the SDK handle; streams created from it keep working until closed. Idempotent. */
    static native void sdkFree(long sdk);

    /**
     * Starts a stream and returns at once: it is CREATING while the core connects in the background (creation retries
     * follow the recovery options), and takes records meanwhile. {@link #awaitOpen} waits for the outcome.
     *
     * @param recordType {@link #RECORD_TYPE_JSON} or {@link #RECORD_TYPE_PROTO}
     * @param descriptorProto a serialized {@code DescriptorProto} for PROTO streams, {@code null} for JSON
     * @param clientId OAuth client id, or {@code null} when {@code headers} is given
     * @param clientSecret OAuth client secret, or {@code null} when {@code headers} is given
     * @param headers a callback asked for all request headers on every connection attempt, or {@code null}
     * @param options {@link #OPTIONS_LENGTH} values indexed by the {@code OPT_*} constants
     * @return a stream handle
     * @throws ZerobusException INVALID_TABLE_NAME (not {@code catalog.schema.table}), INVALID_ARGUMENT (bad options,
     *     neither credentials nor a callback, PROTO without descriptor)
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
     * requests on it first, in order, batches kept whole, with new logical offsets from 0. Returns at once like
     * {@link #streamCreate}. The old stream keeps its unacked payloads. Returns the new stream's handle.
     *
     * @throws ZerobusException INVALID_ARGUMENT when the old stream is neither CLOSED nor FAILED, or as {@link
     *     #streamCreate}
     */
    static native long streamRecreate(long sdk, long closedOrFailedStream);

    /**
     * Blocks until the stream leaves CREATING or the timeout passes ({@code timeoutMillis < 0}: no limit) and returns
     * the {@link StreamState} ordinal then (CREATING after a timeout).
     *
     * @throws ZerobusException the error that made creation fail after the retries the recovery options allow (token
     *     endpoint, connection, TLS, server status...)
     */
    static native int awaitOpen(long stream, long timeoutMillis);

    /**
     * Ingests one JSON object (UTF-8). Returns its logical offset. Waits up to {@code blockMillis} while the records held
     * (queued or on the wire, not acked) would exceed maxInflightRecords or their bytes maxInflightBytes (a request
     * larger than maxInflightBytes is admitted once nothing else is pending). Keeps queueing (and may wait) while the stream is
     * CREATING, PAUSED or RECOVERING.
     *
     * @throws ZerobusException INVALID_ARGUMENT (null, not a well-formed JSON object (duplicate keys and lone
     *     surrogates included) or not UTF-8, or a PROTO stream), RECORD_TOO_LARGE (over 10,485,760 bytes), TIMEOUT
     *     (retryable: no room within {@code blockMillis}), STREAM_CLOSED (close() was called, also for callers waiting
     *     for room), STREAM_FAILED (the stream failed; message and gRPC status of the cause). None of these change the
     *     stream.
     */
    static native long ingestJson(long stream, byte[] utf8Json, long blockMillis);

    /** Ingests one protobuf-encoded record (not inspected). Returns its logical offset. Throws as {@link #ingestJson}. */
    static native long ingestProto(long stream, byte[] record, long blockMillis);

    /**
     * Ingests JSON records (UTF-8) as one request with one logical offset, all or nothing (one record goes out as a
     * single-record request). An empty array sends nothing and returns the last assigned offset (-1 if none). Throws as
     * {@link #ingestJson}; a null element is INVALID_ARGUMENT, and the 10 MiB limit applies to the batch's total.
     */
    static native long ingestJsonBatch(long stream, byte[][] utf8Jsons, long blockMillis);

    /** Ingests protobuf-encoded records as one request with one logical offset, all or nothing. As above. */
    static native long ingestProtoBatch(long stream, byte[][] records, long blockMillis);

    /**
     * Queues {@code count} single JSON records (the first {@code count} elements) that the caller has already taken, as
     * one request with one logical offset per record, and returns the first offset. Never waits and never refuses a
     * record for the stream's state: the caller reserved their room with {@link #awaitRoom} before taking them, and on a
     * stream that ended they stay unacked (failed futures, retrievable payloads). Writes the records and bytes held then
     * into {@code held[0..2]}. Records are not checked again (see {@link #checkJson}).
     */
    static native long ingestJsonTaken(long stream, byte[][] utf8Jsons, int count, long[] held);

    /** As {@link #ingestJsonTaken}, for protobuf-encoded records. */
    static native long ingestProtoTaken(long stream, byte[][] records, int count, long[] held);

    /**
     * Waits up to {@code blockMillis} until {@code records} records of {@code bytes} more fit the held limits (as an
     * ingest call would) and returns true, or false at the timeout; writes the records and bytes held then into {@code
     * held[0..2]}. Throws STREAM_CLOSED or STREAM_FAILED as an ingest call would.
     */
    static native boolean awaitRoom(long stream, long records, long bytes, long blockMillis, long[] held);

    /** Checks one JSON record as {@link #ingestJson} would, without queueing it; throws INVALID_ARGUMENT if it is not. */
    static native void checkJson(long stream, byte[] utf8Json);

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
     * Blocks until {@code offset} is acked ({@code timeoutMillis < 0}: no limit) and returns true, or returns false when
     * the timeout passed first. Throws the stream's error (its own kind, not STREAM_FAILED) if it fails first,
     * STREAM_CLOSED if it was closed with the offset unacked, INVALID_ARGUMENT for an offset never assigned.
     */
    static native boolean waitForOffset(long stream, long offset, long timeoutMillis);

    /**
     * First half of a close: refuses new records from now on (STREAM_CLOSED, also for callers waiting for room) and
     * returns the last assigned offset, which the caller waits for with {@link #waitForOffset} (the flush) before
     * {@link #closeFinish}. Idempotent.
     */
    static native long closeStart(long stream);

    /**
     * Second half of a close: half-closes the RPC and waits up to {@code timeoutMillis} (at most a few seconds) for the
     * server to end it; a call that does not end in time is cancelled. The state is then CLOSED (or FAILED) and
     * unacked requests stay retrievable. Nothing is sent after this call. Idempotent; returns at once on a stream
     * that already ended.
     */
    static native void closeFinish(long stream, long timeoutMillis);

    /**
     * Releases the native stream (cancelling the RPC at once if still open; waiters wake up). Idempotent; later calls
     * on the handle throw {@link IllegalStateException}.
     */
    static native void streamFree(long stream);

    /** The ordinal of {@link StreamState}. */
    static native int streamState(long stream);

    /** Fills {@code out} ({@link #STATS_LENGTH} values) with the counters indexed by the {@code STAT_*} constants. */
    static native void streamStats(long stream, long[] out);

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
     * Takes the core's queued lifecycle events (stream opened, close signal, recovering, recovered, failed, token
     * obtained), waiting up to {@code timeoutMillis} for some: UTF-8 lines of a level letter ({@code D}, {@code I},
     * {@code W}, {@code E}) and the message; {@code null} when there were none. Called by one daemon thread
     * ({@link NativeLog}); never per record, never containing a secret.
     */
    static native byte[] pollEvents(long timeoutMillis);

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
