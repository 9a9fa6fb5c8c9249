package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.SensorReading;
import dev.zerobus.benchmarks.Variant;
import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Our client ({@code dev.zerobus.client}, a Rust core over JNI): {@code ingestRecord} per record and
 * {@code ingestJsonBatch} per batch, dropping the returned {@code RecordAck}s as a fire-and-forget producer would;
 * a paced run takes each record's {@code future()}, as an application waiting for its acks would. The run's in-flight
 * limit is {@code maxInflightRequests} (requests on the wire); what a stream may hold stays at the client's defaults
 * ({@code maxInflightRecords}, and {@code maxInflightBytes} unless {@code bench.ours.maxInflightBytes} says otherwise).
 */
public final class ZerobusNativeClient implements IngestClient {

    static final long COALESCED_LINGER_MILLIS = 2;

    private final List<ZerobusStream> streams = new ArrayList<>();
    private ZerobusSdk sdk;

    @Override
    public void open(ClientSetup setup) {
        sdk = new ZerobusSdk(setup.server().endpoint(), setup.server().workspaceUrl());
        StreamConfigurationOptions.Builder options =
                StreamConfigurationOptions.builder().maxInflightRequests(setup.maxInflight());
        Long maxInflightBytes = Long.getLong("bench.ours.maxInflightBytes");
        if (maxInflightBytes != null) {
            options.maxInflightBytes(maxInflightBytes);
        }
        requestShape(options, setup.variant().shape());
        for (int i = 0; i < setup.streams(); i++) {
            streams.add(sdk.createStream(
                    TableProperties.json(setup.table()),
                    setup.server().clientId(),
                    setup.server().clientSecret(),
                    options.build()));
        }
    }

    /**
     * {@code single}: the defaults (linger zero: a record goes to the native core at once and shares a request only
     * with records that wait anyway because the wire is full); {@code coalesced}: a linger of
     * {@code bench.ours.lingerMillis} (default {@value #COALESCED_LINGER_MILLIS} ms), so consecutive records are
     * gathered in Java and cross JNI and the wire as one request.
     */
    private static void requestShape(StreamConfigurationOptions.Builder options, String shape) {
        if (shape.equals(Variant.COALESCED)) {
            options.linger(Duration.ofMillis(Long.getLong("bench.ours.lingerMillis", COALESCED_LINGER_MILLIS)));
        }
    }

    @Override
    public Object prepare(SensorReading reading) {
        return reading.json();
    }

    @Override
    public void ingest(int stream, Object record) {
        streams.get(stream).ingestRecord((String) record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void ingestBatch(int stream, List<Object> records) {
        streams.get(stream).ingestJsonBatch((List<String>) (List<?>) records);
    }

    @Override
    public void ingestTracked(Object record, AckProbe probe, int sequence) {
        streams.get(0).ingestRecord((String) record).future().thenRun(() -> probe.acked(sequence));
    }

    @Override
    public void flush() {
        for (ZerobusStream stream : streams) {
            stream.flush();
        }
    }

    @Override
    public void close() {
        try {
            for (ZerobusStream stream : streams) {
                stream.close();
            }
        } finally {
            if (sdk != null) {
                sdk.close();
            }
        }
    }
}
