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
 * <p>The returned future completes when the service has made the record durable, and completes exceptionally with a
 * {@link dev.zerobus.client.ZerobusException} when the stream fails for good. A record that cannot be converted or is
 * invalid (malformed JSON, over 10 MiB, the wrong type for the table's stream) is refused at once with an exception
 * thrown by the send method; nothing else is affected. A send blocks while the stream's in-flight limit is reached.
 */
public interface ZerobusOperations {

    /** Sends a record to the default table ({@code zerobus.default-table}). */
    CompletableFuture<IngestResult> send(Object record);

    /** Sends a record to a table ({@code catalog.schema.table}). */
    CompletableFuture<IngestResult> send(String table, Object record);

    /** Sends records as one request: they become durable together or not at all. An empty collection sends nothing. */
    CompletableFuture<IngestResult> sendBatch(String table, Collection<?> records);

    /** Waits until every record sent so far, to every table, is durable (bounded by the flush timeout). */
    void flush();

    /** Waits until every record sent so far to one table is durable. */
    void flush(String table);
}
