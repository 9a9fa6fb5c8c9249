package dev.zerobus.spring;

import dev.zerobus.client.RecordType;
import dev.zerobus.client.ZerobusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The default {@link ZerobusOperations}: converts each record, checks it against its table, sends it on a pooled stream
 * of the table, and completes the returned future when the service has made it durable (on a replacement stream, if
 * the first one failed).
 */
public class ZerobusTemplate implements ZerobusOperations {

    private static final int GRPC_INVALID_ARGUMENT = 3;

    private final ZerobusStreamPool pool;

    private final RecordConverter converter;

    private final String defaultTable;

    private final IngestListener listener;

    private volatile ZerobusSendListener sendListener;

    private volatile SendObserver observer = SendObserver.NONE;

    private Duration sendTimeout = Duration.ofSeconds(30);

    /**
     * @param defaultTable the table of {@link #send(Object)}, or {@code null} when there is none
     * @param listener told of sent, acknowledged and failed records, or {@code null}
     */
    public ZerobusTemplate(
            ZerobusStreamPool pool, RecordConverter converter, String defaultTable, IngestListener listener) {
        this.pool = pool;
        this.converter = converter;
        this.defaultTable = defaultTable;
        this.listener = (listener != null) ? listener : new IngestListener() {};
    }

    /** Told the outcome of each record with the record itself; {@code null} for none. */
    public void setSendListener(ZerobusSendListener sendListener) {
        this.sendListener = sendListener;
    }

    /** Observes each send from the call to its durable acknowledgement (see {@code zerobus.template.observation-enabled}). */
    public void setSendObserver(SendObserver observer) {
        this.observer = (observer != null) ? observer : SendObserver.NONE;
    }

    /** How long {@link #sendAndWait} waits for the acknowledgement ({@code zerobus.template.send-timeout}). */
    public void setSendTimeout(Duration sendTimeout) {
        this.sendTimeout = sendTimeout;
    }

    @Override
    public CompletableFuture<IngestResult> send(Object record) {
        return send(requireDefaultTable(record), record);
    }

    @Override
    public CompletableFuture<IngestResult> send(String table, Object record) {
        TableNames.require(table, record);
        if (record == null) {
            throw refuse(table, null, 1, "A record must not be null", null);
        }
        ZerobusRecord converted = convert(table, record, record, 1);
        return dispatch(
                table,
                record,
                1,
                converted.size(),
                converted,
                (stream, settlement) -> stream.send(converted, table, settlement));
    }

    @Override
    public CompletableFuture<IngestResult> sendBatch(String table, Collection<?> records) {
        TableNames.require(table, records);
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(new IngestResult(table, -1, 0));
        }
        int count = records.size();
        List<ZerobusRecord> converted = new ArrayList<>(count);
        long bytes = 0;
        for (Object record : records) {
            if (record == null) {
                throw refuse(table, records, count, "A record of the batch is null", null);
            }
            ZerobusRecord one = convert(table, record, records, count);
            bytes += one.size();
            converted.add(one);
        }
        RecordType type = converted.get(0).type();
        if (converted.stream().anyMatch(r -> r.type() != type)) {
            throw refuse(table, records, count, "A batch must hold records of one type (JSON or PROTO)", null);
        }
        return dispatch(table, records, count, bytes, converted.get(0), (stream, settlement) -> {
            for (ZerobusRecord one : converted) {
                DescriptorCheck.require(table, one, stream, records);
            }
            stream.sendBatch(converted, table, settlement);
        });
    }

    @Override
    public IngestResult sendAndWait(String table, Object record) {
        return await(table, record, send(table, record));
    }

    @Override
    public IngestResult sendAndWait(Object record) {
        return sendAndWait(requireDefaultTable(record), record);
    }

    @Override
    public void flush() {
        this.pool.flushAll();
    }

    @Override
    public void flush(String table) {
        this.pool.flush(table);
    }

    private String requireDefaultTable(Object record) {
        if (this.defaultTable == null || this.defaultTable.isBlank()) {
            throw new RecordRefusedException(
                    "No default table: set zerobus.default-table or name the table in send(table, record)",
                    null,
                    record);
        }
        return this.defaultTable;
    }

    @FunctionalInterface
    private interface Ingest {
        void on(PooledStream stream, PendingSend.Settlement settlement);
    }

    private CompletableFuture<IngestResult> dispatch(
            String table, Object record, int count, long bytes, ZerobusRecord first, Ingest ingest) {
        Object observation = this.observer.start(table);
        CompletableFuture<IngestResult> result = new CompletableFuture<>();
        long started = System.nanoTime();
        // One settlement per send, run where the outcome is learnt: no intermediate future between the client's
        // acknowledgement and the application's.
        PendingSend.Settlement settlement = (ack, cause) -> {
            if (cause == null) {
                this.listener.acknowledged(table, count, System.nanoTime() - started);
                ZerobusSendListener send = this.sendListener;
                if (send != null) {
                    send.onSuccess(table, record, ack);
                }
                this.observer.stop(observation, null);
                this.observer.complete(observation, () -> result.complete(ack));
                return;
            }
            ZerobusSendException failure = deliveryFailure(table, record, count, cause);
            this.observer.stop(observation, failure);
            this.observer.complete(observation, () -> result.completeExceptionally(failure));
        };
        try {
            ingestOnce(table, record, count, first, ingest, settlement);
        } catch (ZerobusSendException ex) {
            this.observer.stop(observation, ex);
            throw ex;
        }
        this.listener.sent(table, count, bytes);
        return result;
    }

    /** The exception for a request that was taken but not made durable, with the listeners told. */
    private ZerobusSendException deliveryFailure(String table, Object record, int count, ZerobusException cause) {
        boolean refused = cause.grpcStatus().orElse(-1) == GRPC_INVALID_ARGUMENT;
        ZerobusSendException failure = refused
                ? new RecordRefusedException(
                        "The service refused the record for table " + table + ": " + cause.getMessage(),
                        table,
                        record,
                        cause)
                : new DeliveryFailedException(
                        "The record for table " + table + " was not made durable: " + cause.getMessage(),
                        table,
                        record,
                        cause);
        FailureReason reason = refused
                ? FailureReason.REFUSED
                : (this.pool.isShutDown() ? FailureReason.SHUTDOWN : FailureReason.STREAM_FAILED);
        notifyFailed(table, record, count, reason, failure);
        return failure;
    }

    /** Sends on an open stream; a stream that ended between the pool's answer and the call is retried once. */
    private void ingestOnce(
            String table,
            Object record,
            int count,
            ZerobusRecord first,
            Ingest ingest,
            PendingSend.Settlement settlement) {
        for (int attempt = 0; ; attempt++) {
            PooledStream stream = null;
            try {
                stream = this.pool.streamFor(table, first.type(), first.descriptor());
                DescriptorCheck.require(table, first, stream, record);
                ingest.on(stream, settlement);
                return;
            } catch (ZerobusSendException ex) {
                notifyFailed(table, record, count, FailureReason.INVALID, ex);
                throw ex;
            } catch (ZerobusException ex) {
                boolean ended = ex.kind() == ZerobusException.Kind.STREAM_FAILED
                        || (ex.kind() == ZerobusException.Kind.STREAM_CLOSED && !this.pool.isShutDown());
                if (ended && stream != null) {
                    stream.markEnded();
                }
                if (ended && attempt == 0) {
                    continue;
                }
                throw failedAtSend(table, record, count, ex);
            }
        }
    }

    private ZerobusSendException failedAtSend(String table, Object record, int count, ZerobusException ex) {
        ZerobusSendException failure;
        FailureReason reason;
        switch (ex.kind()) {
            case INVALID_ARGUMENT, RECORD_TOO_LARGE, INVALID_TABLE_NAME -> {
                failure = new RecordRefusedException(
                        "Record for table " + table + " refused: " + ex.getMessage(), table, record, ex);
                reason = FailureReason.INVALID;
            }
            case TIMEOUT -> {
                failure = new SendTimeoutException(
                        "Record for table " + table + " not taken: " + ex.getMessage(), table, record, ex);
                reason = FailureReason.TIMEOUT;
            }
            default -> {
                failure = new DeliveryFailedException(
                        "Record for table " + table + " not taken: " + ex.getMessage(), table, record, ex);
                reason = this.pool.isShutDown() ? FailureReason.SHUTDOWN : FailureReason.UNAVAILABLE;
            }
        }
        notifyFailed(table, record, count, reason, failure);
        return failure;
    }

    private ZerobusRecord convert(String table, Object record, Object reported, int count) {
        try {
            return this.converter.convert(table, record);
        } catch (RecordConversionException ex) {
            throw refuse(table, reported, count, ex.getMessage(), ex);
        }
    }

    private RecordRefusedException refuse(String table, Object record, int count, String message, ZerobusException c) {
        RecordRefusedException refused = (c != null)
                ? new RecordRefusedException(message, table, record, c)
                : new RecordRefusedException(message, table, record);
        notifyFailed(table, record, count, FailureReason.INVALID, refused);
        return refused;
    }

    private void notifyFailed(String table, Object record, int count, FailureReason reason, ZerobusSendException ex) {
        this.listener.failed(table, count, reason, ex);
        ZerobusSendListener send = this.sendListener;
        if (send != null) {
            send.onError(table, record, ex);
        }
    }

    private IngestResult await(String table, Object record, CompletableFuture<IngestResult> future) {
        try {
            return future.get(this.sendTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException ex) {
            throw (ex.getCause() instanceof ZerobusSendException send)
                    ? send
                    : new DeliveryFailedException(
                            "Send to " + table + " failed", table, record, PooledStream.asZerobus(ex.getCause()));
        } catch (TimeoutException ex) {
            throw new SendTimeoutException(
                    "The record for table " + table + " was not acknowledged within " + this.sendTimeout
                            + " (zerobus.template.send-timeout); it may still be delivered",
                    table,
                    record);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new DeliveryFailedException(
                    "Interrupted while waiting for the acknowledgement",
                    table,
                    record,
                    new ZerobusException("interrupted", ZerobusException.Kind.INTERRUPTED, true));
        }
    }
}
