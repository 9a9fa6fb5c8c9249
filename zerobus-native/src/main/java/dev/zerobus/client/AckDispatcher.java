package dev.zerobus.client;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Brings acks to Java in bulk for one stream: a daemon thread that blocks in {@code NativeBridge.awaitAckProgress},
 * and on each advance of the watermark completes every pending future up to it; when the stream ends it fails the
 * rest with the real cause. There is no upcall per record.
 *
 * <p>Why one thread per stream rather than one shared thread: the native wait is per stream, so a shared thread could
 * only poll all streams and would add latency or burn CPU; a per-stream thread sleeps in the native wait at no cost.
 * The thread is started lazily, by the first {@link RecordAck#future()} on the stream, so users who only flush or
 * {@link RecordAck#await()} never get one, and it ends with the stream. Applications open few streams (a pool per
 * table), so the thread count stays small.
 */
final class AckDispatcher implements Runnable {

    /** Bound of one native wait, so the loop notices a freed handle even if the native wait did not wake it. */
    private static final long WAIT_MILLIS = 5_000;

    private final NativeHandle handle;

    private final PendingAcks pending;

    private final String tableName;

    private final AtomicBoolean started = new AtomicBoolean();

    AckDispatcher(NativeHandle handle, PendingAcks pending, String tableName) {
        this.handle = handle;
        this.pending = pending;
        this.tableName = tableName;
    }

    /** Starts the thread once; later calls do nothing. */
    void ensureStarted() {
        if (this.started.get() || !this.started.compareAndSet(false, true)) {
            return;
        }
        Thread thread = new Thread(this, "zerobus-acks-" + this.tableName);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        long stream = this.handle.value();
        long watermark = -1;
        try {
            while (!this.pending.isTerminated()) {
                long acked = NativeBridge.awaitAckProgress(stream, watermark, WAIT_MILLIS);
                if (acked > watermark) {
                    watermark = acked;
                    this.pending.completeUpTo(acked);
                }
                StreamState state = StreamState.values()[NativeBridge.streamState(stream)];
                if (state == StreamState.FAILED || state == StreamState.CLOSED) {
                    long finalWatermark = Math.max(watermark, NativeBridge.ackedUpTo(stream));
                    this.pending.terminate(finalWatermark, StreamErrors.endedWithout(stream, this.tableName));
                    return;
                }
            }
        } catch (IllegalStateException freed) {
            // The handle was freed. Whoever freed it settles the futures, with the final watermark it read just before
            // (ZerobusStream's release paths, or StreamLeak for a dropped stream): this thread's watermark may be
            // stale,
            // and failing a future the server acknowledged is the one thing that must never happen.
        } catch (RuntimeException unexpected) {
            ZerobusException error = (unexpected instanceof ZerobusException zerobus)
                    ? zerobus
                    : new ZerobusException(
                            "ack dispatcher of table " + this.tableName + " failed: " + unexpected,
                            ZerobusException.Kind.INTERNAL,
                            false,
                            -1,
                            unexpected);
            this.pending.terminate(watermark, error);
        }
    }
}
