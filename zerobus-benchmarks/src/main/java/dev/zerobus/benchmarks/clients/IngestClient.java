package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.SensorReading;
import java.util.List;

/**
 * The few operations the harness needs from a client, implemented once per client under test. Implementations have a
 * public no-argument constructor; {@link #ingest} and {@link #ingestBatch} may be called from several threads when
 * the client's {@code ClientKind} supports concurrency.
 */
public interface IngestClient extends AutoCloseable {

    /** Opens the streams of {@code setup}. */
    void open(ClientSetup setup) throws Exception;

    /**
     * The reading in the form this client sends (JSON text, the POJO, a protobuf message), made before anything is
     * measured so that only what a caller pays for at the call is in the window.
     */
    Object prepare(SensorReading reading);

    /** Sends one record without waiting for its ack (blocks only when the in-flight limit is hit). */
    void ingest(int stream, Object record) throws Exception;

    /** Sends the records as one batch request, without waiting for its ack. */
    void ingestBatch(int stream, List<Object> records) throws Exception;

    /**
     * Sends one record on stream 0 and has {@code probe} told when the client reports it acknowledged, the way an
     * application would learn it (a future, or the SDK's ack callback).
     */
    void ingestTracked(Object record, AckProbe probe, int sequence) throws Exception;

    /** Waits until everything sent so far is acknowledged. */
    void flush() throws Exception;

    @Override
    void close() throws Exception;
}
