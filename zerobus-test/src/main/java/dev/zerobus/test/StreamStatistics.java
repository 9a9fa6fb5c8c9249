package dev.zerobus.test;

import dev.zerobus.test.proto.RecordType;
import io.grpc.Status;
import java.util.Map;

/**
 * A snapshot of one stream (one {@code EphemeralStream} RPC that passed {@code create_stream}).
 *
 * @param streamId the id the server answered
 * @param table the table of {@code create_stream}
 * @param recordType JSON or PROTO
 * @param requests ingest requests accepted (a batch counts once)
 * @param records records accepted
 * @param bytes record payload bytes accepted
 * @param duplicates records whose key (see {@link RecordKeyExtractor}) had already been stored for the table
 * @param ackedUpTo the highest wire offset acknowledged so far, -1 before the first ack
 * @param open true while the RPC is running
 * @param endStatus how the stream ended ({@code null} while open); {@code UNAVAILABLE} for a connection broken by fault
 *     injection or server stop, {@code CANCELLED} when the client cancelled or the connection dropped
 * @param clientHeaders the request metadata the client sent, with {@code authorization} redacted
 */
public record StreamStatistics(
        String streamId,
        String table,
        RecordType recordType,
        long requests,
        long records,
        long bytes,
        long duplicates,
        long ackedUpTo,
        boolean open,
        Status endStatus,
        Map<String, String> clientHeaders) {

    public StreamStatistics {
        clientHeaders = Map.copyOf(clientHeaders);
    }
}
