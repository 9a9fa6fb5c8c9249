package dev.zerobus.client;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * What an ingest call returns: the logical offset of its request, known at once, and ways to learn when the server
 * has made it durable. Acks are cumulative, so awaiting one offset also covers every earlier one.
 *
 * <p>Cheap by design: no future exists until {@link #future()} is called. Callers that only need to know that
 * everything is durable should call {@link ZerobusStream#flush()} instead of collecting futures.
 */
public final class RecordAck {

    private final ZerobusStream stream;

    private final long offset;

    private volatile CompletableFuture<Long> future;

    RecordAck(ZerobusStream stream, long offset) {
        this.stream = stream;
        this.offset = offset;
    }

    /**
     * The logical offset of the request on its stream (a batch has one offset). It never resets across recoveries.
     * For an empty batch it is the offset of the request before it, -1 if there was none.
     */
    public long offset() {
        return this.offset;
    }

    /**
     * A future completed with {@link #offset()} once the request is acked, or exceptionally with the stream's
     * {@link ZerobusException} when the stream fails or is closed before that. Callbacks attached without an executor run
     * on the stream's ack thread: keep them short or use the {@code *Async} variants. Repeated calls return the same
     * future.
     */
    public CompletableFuture<Long> future() {
        CompletableFuture<Long> current = this.future;
        if (current == null) {
            current = this.stream.ackFuture(this.offset);
            this.future = current;
        }
        return current;
    }

    /**
     * Blocks until the request is acked, bounded by the stream's flush timeout.
     *
     * @return the offset
     * @throws ZerobusException the stream's error when it fails first, or of kind {@code TIMEOUT}
     */
    public long await() {
        this.stream.waitForOffset(this.offset);
        return this.offset;
    }

    /**
     * Blocks until the request is acked or the timeout passes.
     *
     * @return the offset
     * @throws ZerobusException the stream's error when it fails first, or of kind {@code TIMEOUT}
     */
    public long await(Duration timeout) {
        this.stream.waitForOffset(this.offset, timeout);
        return this.offset;
    }

    @Override
    public String toString() {
        return "RecordAck[table=" + this.stream.tableName() + ", offset=" + this.offset + "]";
    }
}
