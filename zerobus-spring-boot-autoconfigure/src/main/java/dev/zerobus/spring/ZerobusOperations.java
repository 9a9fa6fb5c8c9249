package dev.zerobus.spring;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * What an application does with Zerobus: send records to Delta tables and wait for them to become durable.
 *
 * <p>A record is converted by the configured {@link RecordConverter}: a {@code String} is taken as one JSON object, a
 * protobuf {@code Message} goes out as PROTO with the descriptor of its type, a {@code byte[]} as PROTO with the
 * descriptor configured for the table, and anything else (a POJO, a record, a {@code Map}) as JSON through the
 * application's Jackson {@code JsonMapper}.
 *
 * <p>The returned future completes when the service has made the record durable. When a stream fails for good, its
 * unacknowledged records are re-sent on a replacement stream, so the future completes exceptionally (with a
 * {@link DeliveryFailedException}) only when the application shuts down before the record is durable, or with a
 * {@link RecordRefusedException} when the service refused that record as invalid. A record that cannot be converted or
 * is invalid (malformed JSON, duplicate keys, over 10 MiB, the wrong type or protobuf message for the table's stream) is
 * refused at once with a {@link RecordRefusedException} thrown by the send method; nothing else is affected. A send
 * waits at most {@code zerobus.template.max-block} for a stream to open and for room in its in-flight window, then
 * throws a {@link SendTimeoutException} (the record was not taken). Every exception is a {@link ZerobusSendException}
 * carrying the table and the record.
 */
public interface ZerobusOperations {

    /** Sends a record to the default table ({@code zerobus.default-table}). */
    CompletableFuture<IngestResult> send(Object record);

    /** Sends a record to a table ({@code catalog.schema.table}). */
    CompletableFuture<IngestResult> send(String table, Object record);

    /** Sends records as one request: they become durable together or not at all. An empty collection sends nothing. */
    CompletableFuture<IngestResult> sendBatch(String table, Collection<?> records);

    /**
     * Sends a record and waits until it is durable, at most {@code zerobus.template.send-timeout}.
     *
     * @throws ZerobusSendException when it was refused or not delivered; a {@link SendTimeoutException} when it was
     *     not acknowledged in time (it may still be delivered)
     */
    IngestResult sendAndWait(String table, Object record);

    /** {@link #sendAndWait(String, Object)} to the default table. */
    IngestResult sendAndWait(Object record);

    /** Waits until every record sent so far, to every table, is durable (bounded by the flush timeout). */
    void flush();

    /** Waits until every record sent so far to one table is durable. */
    void flush(String table);
}
