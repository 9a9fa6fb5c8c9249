package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ServerConnection;
import java.util.List;

/**
 * The few operations the harness needs from a client, implemented once per client under test. Implementations have a
 * public no-argument constructor and are used by one thread.
 */
public interface IngestClient extends AutoCloseable {

    /** Opens one JSON stream to {@code table}, allowing at most {@code maxInflightRequests} unacknowledged requests. */
    void open(ServerConnection server, String table, int maxInflightRequests) throws Exception;

    /** Sends one record as one request, without waiting for its ack (blocks only when the in-flight limit is hit). */
    void ingest(String jsonRecord) throws Exception;

    /** Sends the records as one batch request, without waiting for its ack. */
    void ingestBatch(List<String> jsonRecords) throws Exception;

    /** Waits until everything sent so far is acknowledged. */
    void flush() throws Exception;

    @Override
    void close() throws Exception;
}
