package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordAck;
import dev.zerobus.client.RecordType;
import dev.zerobus.client.StreamState;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One stream of the pool and the requests it has not settled yet, by logical offset. The application's futures are
 * this class's {@link PendingSend}s, not the client's: when the stream fails for good, the pool re-sends its unacked
 * requests on a replacement and moves their futures there, so a stream failure does not fail what the application
 * handed over.
 */
final class PooledStream {

    final ZerobusStream stream;

    /** The descriptor the stream was opened with (PROTO), to check records against before they go on the wire. */
    final Descriptor descriptor;

    private final Map<Long, PendingSend> pending = new ConcurrentHashMap<>();

    /** Told when a client future fails while the stream has failed for good (the pool then replaces the stream). */
    private final Consumer<PooledStream> onFailure;

    /** Whether a failure of the client's futures is final for the application (shutdown, or no replacement). */
    private final java.util.function.BooleanSupplier failuresAreFinal;

    private volatile ZerobusException failure;

    /** Set once a call found the stream ended, so that senders stop taking it without asking the native side. */
    private volatile boolean ended;

    volatile long lastUsedNanos = System.nanoTime();

    PooledStream(
            ZerobusStream stream,
            Descriptor descriptor,
            Consumer<PooledStream> onFailure,
            java.util.function.BooleanSupplier failuresAreFinal) {
        this.stream = stream;
        this.descriptor = descriptor;
        this.onFailure = onFailure;
        this.failuresAreFinal = failuresAreFinal;
    }

    void send(ZerobusRecord record, String table, PendingSend.Settlement settlement) {
        this.lastUsedNanos = System.nanoTime();
        RecordAck ack = (record.type() == RecordType.JSON)
                ? this.stream.ingestRecord(record.json())
                : this.stream.ingestRecord(record.proto());
        track(ack, new PendingSend(table, 1, settlement));
    }

    void sendBatch(List<ZerobusRecord> records, String table, PendingSend.Settlement settlement) {
        this.lastUsedNanos = System.nanoTime();
        RecordAck ack;
        if (records.get(0).type() == RecordType.JSON) {
            List<String> json = new ArrayList<>(records.size());
            records.forEach(r -> json.add(r.json()));
            ack = this.stream.ingestJsonBatch(json);
        } else {
            List<byte[]> proto = new ArrayList<>(records.size());
            records.forEach(r -> proto.add(r.proto()));
            ack = this.stream.ingestProtoBatch(proto);
        }
        track(ack, new PendingSend(table, records.size(), settlement));
    }

    /** Settles {@code pending} with the outcome of {@code ack}, unless the pool moves it to a replacement first. */
    void track(RecordAck ack, PendingSend pending) {
        long offset = ack.offset();
        this.pending.put(offset, pending);
        ack.future().whenComplete((acked, error) -> {
            if (error == null) {
                if (this.pending.remove(offset, pending)) {
                    pending.succeed(acked);
                }
                return;
            }
            ZerobusException cause = asZerobus(error);
            if (this.failure == null) {
                this.failure = cause;
            }
            if (!this.failuresAreFinal.getAsBoolean() && this.stream.state() == StreamState.FAILED) {
                this.onFailure.accept(this);
            } else if (this.pending.remove(offset, pending)) {
                pending.fail(cause);
            }
        });
    }

    /** Takes the unsettled request of a logical offset away from this stream, {@code null} when there is none. */
    PendingSend take(long offset) {
        return this.pending.remove(offset);
    }

    /** Takes every unsettled request away from this stream. */
    List<PendingSend> takeAll() {
        List<PendingSend> all = new ArrayList<>();
        for (Long offset : List.copyOf(this.pending.keySet())) {
            PendingSend taken = this.pending.remove(offset);
            if (taken != null) {
                all.add(taken);
            }
        }
        return all;
    }

    int pendingCount() {
        return this.pending.size();
    }

    /** The first error a future of this stream failed with, {@code null} when none did. */
    ZerobusException failure() {
        return this.failure;
    }

    /** Whether the stream can take no more records: a call found it ended, or the native side says so. */
    boolean isDone() {
        if (this.ended) {
            return true;
        }
        StreamState state = this.stream.state();
        this.ended = state == StreamState.FAILED || state == StreamState.CLOSED;
        return this.ended;
    }

    /**
     * Senders take the slot's current stream without a native state call (see {@link StreamSlot#await}); a call that
     * finds it failed or closed says so here, and the next {@link #isDone()} retires it.
     */
    void markEnded() {
        this.ended = true;
    }

    /** The cheap check of the send path: only what a call has already found out. */
    boolean knownEnded() {
        return this.ended;
    }

    static ZerobusException asZerobus(Throwable error) {
        Throwable cause = (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
        return (cause instanceof ZerobusException zerobus)
                ? zerobus
                : new ZerobusException(String.valueOf(cause), ZerobusException.Kind.INTERNAL, false, -1, cause);
    }
}
