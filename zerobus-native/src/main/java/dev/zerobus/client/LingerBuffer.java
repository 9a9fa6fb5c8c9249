package dev.zerobus.client;

import java.util.Arrays;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Single records lingering in Java before they cross to the native core together ({@link
 * StreamConfigurationOptions#linger()} positive): one native call, and one request on the wire, for up to
 * {@code maxRequestRecords} records or {@code maxRequestBytes} bytes, handed over when the buffer is full, when the
 * first record has waited the linger, or when someone waits for an ack (flush, waits, close).
 *
 * <p>A lingering record has been <em>taken</em>: its caller has its offset and may ask for its future. So it must reach
 * the native stream whatever happens, and it must never be refused there. Two rules make that hold. Room is reserved
 * before a record is taken: the buffer counts its own records against the stream's held limits on top of the native
 * stream's count as of the last native call (an upper bound, since only acks lower it and every other ingest of this
 * stream goes through this buffer's lock), and asks the native stream to wait for room only when that sum would pass a
 * limit. And the native hand-over ({@code ingest*Taken}) never waits and never refuses for the stream's state: on a
 * stream that failed or closed the records stay unacked, so their futures fail and their payloads are retrievable
 * like every other unacked record. Offsets are assigned here, in the order records are taken, and the native side
 * must give the same ones (checked at every hand-over).
 */
final class LingerBuffer {

    /** One daemon thread for every stream's linger deadlines: it only hands buffers over, which never waits. */
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private final ReentrantLock lock = new ReentrantLock();

    private final NativeHandle handle;

    private final boolean json;

    private final String tableName;

    private final long lingerNanos;

    private final int maxRequestRecords;

    private final long maxRequestBytes;

    private final long maxHeldRecords;

    private final long maxHeldBytes;

    private final long maxBlockMillis;

    private byte[][] records = new byte[16][];

    private int count;

    private long bytes;

    /** Read without the lock only to skip an empty hand-over. */
    private volatile boolean lingering;

    /** The offset the next record gets; -1 until read from the native stream. */
    private long next = -1;

    /** Records and bytes the native stream held at the last native call. */
    private final long[] held = {Long.MAX_VALUE / 4, Long.MAX_VALUE / 4};

    /** Counts buffer fills, so that a deadline set for an earlier fill does nothing. */
    private long fill;

    /** Set by {@link #close()}: records are refused from then on, as by the closed native stream. */
    private boolean closed;

    LingerBuffer(NativeHandle handle, RecordType type, String tableName, StreamConfigurationOptions options) {
        this.handle = handle;
        this.json = type == RecordType.JSON;
        this.tableName = tableName;
        this.lingerNanos = options.linger().toNanos();
        this.maxRequestRecords = options.maxRequestRecords();
        this.maxRequestBytes = options.maxRequestBytes();
        this.maxHeldRecords = options.maxInflightRecords();
        this.maxHeldBytes = options.maxInflightBytes();
        this.maxBlockMillis = StreamConfigurationOptions.millis(options.maxBlock());
    }

    /**
     * Takes one record (UTF-8 JSON or protobuf, as the stream's type) and returns its logical offset. Checks it, then
     * waits (at most maxBlock) for room when the stream is full.
     *
     * @throws ZerobusException as an ingest call: INVALID_ARGUMENT, RECORD_TOO_LARGE, a retryable TIMEOUT (the record
     *     was not taken), STREAM_CLOSED or STREAM_FAILED
     * @throws IllegalStateException when the native stream was freed
     */
    long take(byte[] record) {
        long stream = this.handle.value();
        check(stream, record);
        lockWithin(this.maxBlockMillis);
        try {
            if (this.closed) {
                throw StreamErrors.closed(this.tableName);
            }
            if (this.next < 0) {
                this.next = StreamStats.read(stream).lastAssignedOffset() + 1;
            }
            if (this.count > 0
                    && (this.count >= this.maxRequestRecords || this.bytes + record.length > this.maxRequestBytes)) {
                handOverLocked(stream);
            }
            reserve(stream, record.length);
            if (this.count == this.records.length) {
                this.records = Arrays.copyOf(this.records, Math.min(2 * this.count, this.maxRequestRecords));
            }
            this.records[this.count++] = record;
            this.bytes += record.length;
            long offset = this.next++;
            if (this.count == 1) {
                this.lingering = true;
                long thisFill = this.fill;
                TIMER.schedule(() -> expire(thisFill), this.lingerNanos, TimeUnit.NANOSECONDS);
            }
            if (this.count >= this.maxRequestRecords || this.bytes >= this.maxRequestBytes) {
                handOverLocked(stream);
            }
            return offset;
        } finally {
            this.lock.unlock();
        }
    }

    /**
     * Runs another kind of ingest (a batch, which takes its own offset natively) in order with the lingering records:
     * they are handed over first. Returns what {@code ingest} returned, its logical offset.
     */
    long inOrder(java.util.function.LongUnaryOperator ingest) {
        long stream = this.handle.value();
        lockWithin(this.maxBlockMillis);
        try {
            handOverLocked(stream);
            long offset = ingest.applyAsLong(stream);
            this.next = Math.max(this.next, offset + 1);
            // The batch's records count against the limits too: the next take asks the native stream.
            this.held[0] = Long.MAX_VALUE / 4;
            return offset;
        } finally {
            this.lock.unlock();
        }
    }

    /** Hands lingering records over now (before a wait for acks); returns the last offset taken so far, -1 if none. */
    long handOver() {
        if (!this.lingering) {
            return this.next - 1;
        }
        this.lock.lock();
        try {
            handOverLocked(this.handle.value());
            return this.next - 1;
        } finally {
            this.lock.unlock();
        }
    }

    /**
     * The stream is closing (after the native close started): hands lingering records over and refuses records from now
     * on. Returns the last offset taken, -1 if none.
     */
    long close() {
        this.lock.lock();
        try {
            this.closed = true;
            handOverLocked(this.handle.value());
            return this.next - 1;
        } finally {
            this.lock.unlock();
        }
    }

    private void check(long stream, byte[] record) {
        if (this.json) {
            NativeBridge.checkJson(stream, record);
        } else if (record.length > StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT) {
            throw new ZerobusException(
                    "record of " + record.length + " bytes exceeds the limit of "
                            + StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT + " bytes",
                    ZerobusException.Kind.RECORD_TOO_LARGE,
                    false);
        }
    }

    /** Makes sure the record fits the held limits before it is taken (see the class comment). Under the lock. */
    private void reserve(long stream, int length) {
        boolean fits = this.held[0] + this.count + 1 <= this.maxHeldRecords
                && this.held[1] + this.bytes + length <= this.maxHeldBytes;
        if (fits) {
            return;
        }
        handOverLocked(stream);
        boolean room = Waits.until(
                Waits.deadline(this.maxBlockMillis),
                (millis) -> NativeBridge.awaitRoom(stream, 1, length, millis, this.held),
                "an ingest call waiting for room in the in-flight window of table " + this.tableName);
        if (!room) {
            throw windowFull();
        }
    }

    private void handOverLocked(long stream) {
        if (this.count == 0) {
            return;
        }
        long first = this.json
                ? NativeBridge.ingestJsonTaken(stream, this.records, this.count, this.held)
                : NativeBridge.ingestProtoTaken(stream, this.records, this.count, this.held);
        long expected = this.next - this.count;
        Arrays.fill(this.records, 0, this.count, null);
        this.count = 0;
        this.bytes = 0;
        this.fill++;
        this.lingering = false;
        if (first != expected) {
            throw new ZerobusException(
                    "lingering records of table " + this.tableName + " got offset " + first + " instead of " + expected,
                    ZerobusException.Kind.INTERNAL,
                    false);
        }
    }

    /** The linger of fill {@code expiredFill} ran out: hand it over unless that already happened. */
    private void expire(long expiredFill) {
        if (!this.lock.tryLock()) {
            // A producer holds the buffer: it hands over itself before it waits for anything.
            TIMER.schedule(() -> expire(expiredFill), this.lingerNanos, TimeUnit.NANOSECONDS);
            return;
        }
        try {
            if (this.fill == expiredFill) {
                handOverLocked(this.handle.value());
            }
        } catch (IllegalStateException freed) {
            // Released meanwhile; the release handed everything over first.
        } finally {
            this.lock.unlock();
        }
    }

    private void lockWithin(long millis) {
        try {
            if (!this.lock.tryLock(millis, TimeUnit.MILLISECONDS)) {
                throw windowFull();
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new ZerobusException(
                    "an ingest call of table " + this.tableName + " was interrupted",
                    ZerobusException.Kind.INTERRUPTED,
                    true);
        }
    }

    private ZerobusException windowFull() {
        return new ZerobusException(
                "the in-flight window of table " + this.tableName + " stayed full for " + this.maxBlockMillis
                        + " ms (maxBlock); the record was not taken",
                ZerobusException.Kind.TIMEOUT,
                true);
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, (task) -> {
            Thread thread = new Thread(task, "zerobus-linger");
            thread.setDaemon(true);
            return thread;
        });
        return timer;
    }
}
