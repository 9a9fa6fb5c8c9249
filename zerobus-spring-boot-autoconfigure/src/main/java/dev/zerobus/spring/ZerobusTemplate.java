package dev.zerobus.spring;

import dev.zerobus.client.RecordAck;
import dev.zerobus.client.RecordType;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The default {@link ZerobusOperations}: converts each record, sends it on the pooled stream of its table, and turns
 * the stream's acknowledgement into an {@link IngestResult}.
 */
public class ZerobusTemplate implements ZerobusOperations {

    private final ZerobusStreamPool pool;

    private final RecordConverter converter;

    private final String defaultTable;

    private final IngestListener listener;

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

    @Override
    public CompletableFuture<IngestResult> send(Object record) {
        if (this.defaultTable == null || this.defaultTable.isBlank()) {
            throw new ZerobusException(
                    "No default table: set zerobus.default-table or name the table in send(table, record)",
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false);
        }
        return send(this.defaultTable, record);
    }

    @Override
    public CompletableFuture<IngestResult> send(String table, Object record) {
        requireRecord(record);
        ZerobusRecord converted = convert(table, record, 1);
        ZerobusStream stream = streamFor(table, converted, 1);
        RecordAck ack;
        try {
            ack = (converted.type() == RecordType.JSON)
                    ? stream.ingestRecord(converted.json())
                    : stream.ingestRecord(converted.proto());
        } catch (RuntimeException ex) {
            this.listener.failed(table, 1, ex);
            throw ex;
        }
        return track(table, ack, 1);
    }

    @Override
    public CompletableFuture<IngestResult> sendBatch(String table, Collection<?> records) {
        if (records.isEmpty()) {
            return CompletableFuture.completedFuture(new IngestResult(table, -1, 0));
        }
        int count = records.size();
        List<ZerobusRecord> converted = new ArrayList<>(count);
        for (Object record : records) {
            requireRecord(record);
            converted.add(convert(table, record, count));
        }
        RecordType type = converted.get(0).type();
        if (converted.stream().anyMatch(r -> r.type() != type)) {
            this.listener.failed(table, count, null);
            throw new ZerobusException(
                    "A batch must hold records of one type (JSON or PROTO)",
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false);
        }
        ZerobusStream stream = streamFor(table, converted.get(0), count);
        RecordAck ack;
        try {
            if (type == RecordType.JSON) {
                ack = stream.ingestJsonBatch(
                        converted.stream().map(ZerobusRecord::json).toList());
            } else {
                ack = stream.ingestProtoBatch(
                        converted.stream().map(ZerobusRecord::proto).toList());
            }
        } catch (RuntimeException ex) {
            this.listener.failed(table, count, ex);
            throw ex;
        }
        return track(table, ack, count);
    }

    @Override
    public void flush() {
        this.pool.flushAll();
    }

    @Override
    public void flush(String table) {
        this.pool.flush(table);
    }

    private ZerobusRecord convert(String table, Object record, int count) {
        try {
            return this.converter.convert(table, record);
        } catch (RuntimeException ex) {
            this.listener.failed(table, count, ex);
            throw ex;
        }
    }

    private ZerobusStream streamFor(String table, ZerobusRecord record, int count) {
        try {
            return this.pool.streamFor(table, record.type(), record.descriptor());
        } catch (RuntimeException ex) {
            this.listener.failed(table, count, ex);
            throw ex;
        }
    }

    private CompletableFuture<IngestResult> track(String table, RecordAck ack, int count) {
        this.listener.sent(table, count);
        return ack.future().handle((offset, failure) -> {
            if (failure != null) {
                this.listener.failed(table, count, failure);
                throw (failure instanceof RuntimeException runtime)
                        ? runtime
                        : new ZerobusException(
                                failure.getMessage(), ZerobusException.Kind.INTERNAL, false, -1, failure);
            }
            this.listener.acknowledged(table, count);
            return new IngestResult(table, offset, count);
        });
    }

    private static void requireRecord(Object record) {
        if (record == null) {
            throw new ZerobusException("A record must not be null", ZerobusException.Kind.INVALID_ARGUMENT, false);
        }
    }
}
