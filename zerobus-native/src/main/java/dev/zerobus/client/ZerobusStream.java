package dev.zerobus.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * One ingest stream into one table. Safe to share between threads: ingest calls from many threads get unique,
 * increasing offsets, and a full in-flight buffer blocks the callers (backpressure) instead of growing memory.
 *
 * <p>Ingest calls return a {@link RecordAck} at once; they wait only while the in-flight window is full, at most
 * {@link StreamConfigurationOptions#maxBlock()}. A broken connection is recovered behind the scenes (unacked
 * requests are re-sent, so delivery is at least once). Every wait of this class is bounded and honours
 * {@link Thread#interrupt()} (a {@link ZerobusException} of kind {@code INTERRUPTED}, with the flag kept). When the stream fails for good or is closed before everything
 * was acked, the records not acked are available from {@link #unackedBatches()} and can be re-sent with
 * {@link ZerobusSdk#recreateStream(ZerobusStream)}.
 *
 * <p>Native resources: {@link #close()} flushes and frees them. A stream that ended with unacked records keeps them
 * (natively) until it is recreated, its SDK is closed, or it becomes unreachable. A stream the application forgets to
 * close is cancelled and freed when it becomes unreachable, with a warning naming how many records it dropped.
 */
public final class ZerobusStream implements AutoCloseable {

    /** The least time a close gives the server to end the call, even when the flush used up the caller's bound. */
    private static final long END_MIN_MILLIS = 200;

    private final ZerobusSdk sdk;

    private final StreamSpec spec;

    private final NativeHandle handle;

    private final PendingAcks pending = new PendingAcks();

    private final AckDispatcher dispatcher;

    private final Object lifecycleLock = new Object();

    /** Set under {@link #lifecycleLock}; published before the handle is freed. */
    private volatile FinalSnapshot snapshot;

    /** Completed when the first {@code close} is done; later and concurrent callers wait for it. */
    private CompletableFuture<Void> closed;

    private boolean handedOver;

    private final StreamIngest ingest;

    ZerobusStream(ZerobusSdk sdk, long nativeStream, StreamSpec spec) {
        this.sdk = sdk;
        this.spec = spec;
        StreamLeak leak = new StreamLeak(this.pending, spec.table().tableName());
        this.handle = new NativeHandle(this, nativeStream, NativeBridge::streamFree, leak::report);
        this.dispatcher =
                new AckDispatcher(this.handle, this.pending, spec.table().tableName());
        this.ingest = new StreamIngest(this.handle, spec.table(), spec.options());
    }

    /**
     * Ingests one JSON object, sent as UTF-8.
     *
     * @throws ZerobusException {@code INVALID_ARGUMENT} for malformed JSON (duplicate keys and lone surrogates
     *     included) or a PROTO stream, {@code RECORD_TOO_LARGE} over 10 MiB (the stream goes on), a retryable
     *     {@code TIMEOUT} when the in-flight window stayed full for {@code maxBlock} (the record was not taken), or the
     *     stream's error once it is closed or failed
     */
    public RecordAck ingestRecord(String json) {
        return new RecordAck(this, ingest(() -> this.ingest.json(json)));
    }

    /**
     * Ingests one protobuf-encoded message of the stream's descriptor.
     *
     * @throws ZerobusException {@code INVALID_ARGUMENT} on a JSON stream, {@code RECORD_TOO_LARGE} over 10 MiB, or the
     *     stream's error once it is closed or failed
     */
    public RecordAck ingestRecord(byte[] protoRecord) {
        return new RecordAck(this, ingest(() -> this.ingest.proto(protoRecord)));
    }

    /**
     * Ingests JSON objects as one request with one offset: all are acked together or none is. An empty list sends
     * nothing and returns the previous offset.
     */
    public RecordAck ingestJsonBatch(List<String> jsonRecords) {
        return new RecordAck(this, ingest(() -> this.ingest.jsonBatch(jsonRecords)));
    }

    /**
     * Ingests protobuf-encoded messages as one request with one offset: all are acked together or none is. An empty list
     * sends nothing and returns the previous offset.
     */
    public RecordAck ingestProtoBatch(List<byte[]> protoRecords) {
        return new RecordAck(this, ingest(() -> this.ingest.protoBatch(protoRecords)));
    }

    private long ingest(LongSupplier call) {
        liveHandle();
        try {
            return call.getAsLong();
        } catch (IllegalStateException ex) {
            throw afterFree(ex);
        }
    }

    /**
     * Blocks until the request with this logical offset (and so every earlier one) is acked, bounded by the flush
     * timeout.
     *
     * @throws ZerobusException the stream's error when it fails first, or of kind {@code TIMEOUT}
     */
    public void waitForOffset(long offset) {
        waitForOffset(offset, this.spec.options().flushTimeout());
    }

    /** Like {@link #waitForOffset(long)} with its own timeout. */
    public void waitForOffset(long offset, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        if (offset < 0) {
            return;
        }
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            ended.requireAcked(offset);
            return;
        }
        long millis = StreamConfigurationOptions.millis(timeout);
        try {
            this.ingest.handOverLingering();
            if (!awaitAcked(offset, Waits.deadline(millis))) {
                throw new ZerobusException(
                        "offset " + offset + " of table " + tableName() + " was not acknowledged within " + millis
                                + " ms",
                        ZerobusException.Kind.TIMEOUT,
                        true);
            }
        } catch (IllegalStateException ex) {
            ended = endedSnapshot(ex);
            ended.requireAcked(offset);
        }
    }

    /** Waits in slices until {@code offset} is acked; false at the deadline. Throws the stream's error. */
    private boolean awaitAcked(long offset, long deadlineNanos) {
        long stream = this.handle.value();
        return Waits.until(
                deadlineNanos,
                (millis) -> NativeBridge.waitForOffset(stream, offset, millis),
                "waiting for offset " + offset + " of table " + tableName());
    }

    /**
     * Blocks until everything ingested so far is acked, bounded by the flush timeout. Other threads keep ingesting
     * meanwhile. Keeps waiting through recoveries.
     *
     * @throws ZerobusException the stream's error when it fails first, or of kind {@code TIMEOUT}
     */
    public void flush() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            ended.requireAllAcked();
            return;
        }
        try {
            this.ingest.handOverLingering();
            long target = StreamStats.read(this.handle.value()).lastAssignedOffset();
            long millis = StreamConfigurationOptions.millis(options().flushTimeout());
            if (target >= 0 && !awaitAcked(target, Waits.deadline(millis))) {
                throw flushTimedOut(millis);
            }
        } catch (IllegalStateException ex) {
            endedSnapshot(ex).requireAllAcked();
        }
    }

    private ZerobusException flushTimedOut(long millis) {
        long unacked;
        try {
            unacked = StreamStats.read(this.handle.value()).inflightRequests();
        } catch (IllegalStateException ex) {
            unacked = -1;
        }
        return new ZerobusException(
                "flush of table " + tableName() + " timed out after " + millis + " ms with "
                        + ((unacked >= 0) ? unacked + " requests" : "requests") + " unacknowledged",
                ZerobusException.Kind.TIMEOUT,
                true);
    }

    /**
     * Flushes (bounded by the flush timeout), then ends the stream and frees its native resources. See
     * {@link #close(Duration)}.
     */
    @Override
    public void close() {
        close(options().flushTimeout());
    }

    /**
     * Refuses new records, flushes within {@code timeout}, then ends the stream and frees its native resources; the whole
     * call returns within {@code timeout} plus a few seconds at most for the server to end the call. Nothing is sent
     * after it returns, and every future of this stream has an outcome by then. Idempotent; a concurrent caller waits
     * (within its own timeout) until the first one has ended the stream.
     *
     * <p>When records remain unacknowledged (the flush timed out, or the stream had failed), they are kept for
     * {@link #unackedBatches()} and {@link ZerobusSdk#recreateStream(ZerobusStream)}, and this method throws: the flush
     * error, the stream's failure (kind {@code STREAM_FAILED}, with the cause), or {@code STREAM_CLOSED}; a close never
     * drops records silently.
     *
     * @throws ZerobusException of kind {@code INTERRUPTED} when interrupted while flushing: the stream is then ended at
     *     once, with the unacknowledged records kept
     */
    public void close(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        long millis = StreamConfigurationOptions.millis(timeout);
        long deadline = Waits.deadline(millis);
        CompletableFuture<Void> done;
        synchronized (this.lifecycleLock) {
            done = this.closed;
            if (done == null) {
                this.closed = new CompletableFuture<>();
            }
        }
        if (done != null) {
            Waits.forCompletion(done, deadline, "waiting for another thread's close");
            return;
        }
        try {
            closeNow(deadline, millis);
        } finally {
            this.closed.complete(null);
        }
    }

    private void closeNow(long deadline, long millis) {
        if (this.handle.isFreed()) {
            return;
        }
        long stream = this.handle.value();
        ZerobusException flushError = null;
        try {
            long target = Math.max(NativeBridge.closeStart(stream), this.ingest.closeLingering());
            if (target >= 0 && !awaitAcked(target, deadline)) {
                flushError = flushTimedOut(millis);
            }
        } catch (ZerobusException ex) {
            flushError = ex;
        } catch (IllegalStateException freed) {
            return; // released by the SDK meanwhile: it settled everything
        }
        FinalSnapshot released;
        ZerobusException toThrow;
        synchronized (this.lifecycleLock) {
            if (this.handle.isFreed()) {
                return;
            }
            long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
            NativeBridge.closeFinish(stream, Math.max(left, END_MIN_MILLIS));
            StreamStats stats = StreamStats.read(stream);
            if (stats.inflightRequests() == 0) {
                released = releaseLocked(false);
                toThrow = null;
            } else {
                ZerobusException failure = StreamErrors.failureOf(stream);
                released = new FinalSnapshot(tableName(), StreamState.CLOSED, stats, null, failure, List.of());
                toThrow = (flushError != null && failure == null)
                        ? StreamErrors.withRecordsKept(flushError)
                        : StreamErrors.recordsKept(tableName(), stats, failure);
            }
        }
        // Other closers may go on once the native side is done; they do not wait for the settling, because one of
        // them may be a future's callback, running on the thread that settling would wait for.
        this.closed.complete(null);
        // Futures are settled outside the lock: their callbacks may call back into this stream.
        settle(released);
        if (toThrow != null) {
            throw toThrow;
        }
    }

    /** The stream's state; CLOSED or FAILED once it ended. */
    public StreamState state() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            return ended.state();
        }
        try {
            return StreamState.values()[NativeBridge.streamState(this.handle.value())];
        } catch (IllegalStateException ex) {
            return endedSnapshot(ex).state();
        }
    }

    /** A snapshot of the stream's counters; the final values once the stream ended. */
    public StreamStats stats() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            return ended.stats();
        }
        try {
            return StreamStats.read(this.handle.value());
        } catch (IllegalStateException ex) {
            return endedSnapshot(ex).stats();
        }
    }

    /**
     * The requests that were never acked, in offset order with their batch boundaries, once the stream is closed or
     * failed; empty while it is still running, after a clean close, and after {@link ZerobusSdk#recreateStream} took
     * them over.
     */
    public List<UnackedBatch> unackedBatches() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            return ended.unacked();
        }
        try {
            return UnackedBatch.read(this.handle.value(), recordType());
        } catch (IllegalStateException ex) {
            return endedSnapshot(ex).unacked();
        }
    }

    /** The server-assigned id of the current (or last) RPC, {@code null} before the first one. */
    public String streamId() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            return ended.streamId();
        }
        try {
            return NativeBridge.streamId(this.handle.value());
        } catch (IllegalStateException ex) {
            return endedSnapshot(ex).streamId();
        }
    }

    public String tableName() {
        return this.spec.table().tableName();
    }

    public RecordType recordType() {
        return this.spec.table().recordType();
    }

    public TableProperties tableProperties() {
        return this.spec.table();
    }

    public StreamConfigurationOptions options() {
        return this.spec.options();
    }

    @Override
    public String toString() {
        return "ZerobusStream[table=" + tableName() + ", type=" + recordType() + ", id=" + streamId() + ", state="
                + state() + "]";
    }

    // ---- used by RecordAck and ZerobusSdk

    CompletableFuture<Long> ackFuture(long offset) {
        long watermark = -1;
        if (this.snapshot == null) {
            // The ack may have arrived before anyone asked: the current watermark (a cheap, non-blocking read) gives
            // an acked offset a completed future without waiting for the dispatcher, and without completing other
            // futures here (this is a producer thread, where no user callback may run).
            try {
                watermark = NativeBridge.ackedUpTo(this.handle.value());
            } catch (IllegalStateException freed) {
                // released meanwhile: the pending acks were settled from the final snapshot
            }
        }
        CompletableFuture<Long> future = this.pending.futureFor(offset, watermark);
        if (!future.isDone()) {
            this.dispatcher.ensureStarted();
        }
        return future;
    }

    StreamSpec spec() {
        return this.spec;
    }

    ZerobusSdk sdk() {
        return this.sdk;
    }

    /**
     * Opens the successor of this ended stream: hands the native stream with its unacked requests to
     * {@code NativeBridge.streamRecreate} or, once the handle was freed, opens a new stream and re-ingests the unacked
     * batches kept in Java. Afterwards this stream reports no unacked batches: they belong to the new one.
     */
    ZerobusStream recreateOn(ZerobusSdk target) {
        FinalSnapshot released = null;
        ZerobusStream successor;
        synchronized (this.lifecycleLock) {
            if (this.handedOver) {
                throw new IllegalStateException("the stream to table " + tableName()
                        + " was already recreated; recreate the stream that replaced it instead");
            }
            StreamState state = state();
            if (state != StreamState.CLOSED && state != StreamState.FAILED) {
                throw new IllegalStateException("recreateStream needs a closed or failed stream; the stream to table "
                        + tableName() + " is " + state);
            }
            FinalSnapshot ended = this.snapshot;
            if (ended == null) {
                successor = target.openRecreated(this.spec, this.handle.value());
                this.handedOver = true;
                released = releaseLocked(false);
            } else {
                successor = target.openStream(this.spec);
                for (UnackedBatch batch : ended.unacked()) {
                    batch.ingestInto(successor);
                }
                this.handedOver = true;
                this.snapshot = ended.withoutUnacked();
            }
        }
        settle(released);
        return successor;
    }

    /**
     * Frees the native stream after taking a final snapshot (state, counters, id, and when asked a Java copy of the
     * unacked requests), then settles every pending future. Safe to call more than once.
     */
    void release(boolean keepUnacked) {
        FinalSnapshot released;
        synchronized (this.lifecycleLock) {
            released = releaseLocked(keepUnacked);
        }
        settle(released);
    }

    /** Frees a stream that could not be handed to the application (its SDK closed meanwhile, or it never opened). */
    void abandon() {
        FinalSnapshot released = FinalSnapshot.closedWithoutNative(tableName());
        synchronized (this.lifecycleLock) {
            if (this.closed == null) {
                this.closed = CompletableFuture.completedFuture(null);
            }
            this.snapshot = released;
            this.handle.free();
        }
        settle(released);
    }

    /**
     * Waits in slices until the native stream leaves CREATING (the core's creation retries are bounded by the recovery
     * options), then throws the creation error if it failed.
     */
    void awaitOpen() {
        long stream = this.handle.value();
        Waits.until(
                Waits.deadline(Long.MAX_VALUE),
                (millis) -> NativeBridge.awaitOpen(stream, millis) != StreamState.CREATING.ordinal(),
                "opening the stream to table " + tableName());
    }

    /** Snapshot and free, under the lifecycle lock; {@code null} when already freed. */
    private FinalSnapshot releaseLocked(boolean keepUnacked) {
        if (this.handle.isFreed()) {
            return null;
        }
        // Lingering records were taken: they must be among the unacked ones the snapshot keeps.
        this.ingest.closeLingering();
        FinalSnapshot ended = FinalSnapshot.read(this.handle.value(), tableName(), recordType(), keepUnacked);
        this.snapshot = ended;
        this.handle.free();
        this.sdk.forget(this);
        return ended;
    }

    /** Completes what the final watermark covers and fails the rest; never under the lifecycle lock. */
    private void settle(FinalSnapshot ended) {
        if (ended != null) {
            this.pending.terminate(ended.stats().lastAckedOffset(), ended.error());
        }
    }

    // ---- internals

    private long liveHandle() {
        FinalSnapshot ended = this.snapshot;
        if (ended != null) {
            throw ended.callError();
        }
        return this.handle.value();
    }

    /** A native call met a freed handle: report it as the stream having ended, not as a crash. */
    private RuntimeException afterFree(IllegalStateException ex) {
        return this.handle.isFreed() ? endedSnapshot(ex).callError() : ex;
    }

    private FinalSnapshot endedSnapshot(IllegalStateException ex) {
        FinalSnapshot ended = this.snapshot;
        if (ended == null || !this.handle.isFreed()) {
            throw ex;
        }
        return ended;
    }
}
