package dev.zerobus.benchmarks.clients;

import com.databricks.zerobus.AckCallback;
import com.databricks.zerobus.StreamConfigurationOptions;
import com.databricks.zerobus.ZerobusJsonStream;
import com.databricks.zerobus.ZerobusProtoStream;
import com.databricks.zerobus.ZerobusSdk;
import com.google.protobuf.Message;
import dev.zerobus.benchmarks.ClientKind;
import dev.zerobus.benchmarks.SensorReading;
import dev.zerobus.benchmarks.proto.BenchReading;
import java.util.ArrayList;
import java.util.List;

/**
 * The official Databricks Java SDK (a Rust core over JNI), JSON or protobuf streams: {@code ingestRecordOffset} per
 * record and {@code ingestRecordsOffset} per batch, the offset-returning calls that skip per-record futures. Acks of
 * a paced run come from the SDK's {@link AckCallback}, which reports the durable offset.
 */
public final class OfficialSdkClient implements IngestClient {

    private final List<ZerobusJsonStream> jsonStreams = new ArrayList<>();
    private final List<ZerobusProtoStream> protoStreams = new ArrayList<>();
    private volatile AckProbe probe;
    private ZerobusSdk sdk;
    private boolean proto;

    @Override
    public void open(ClientSetup setup) throws Exception {
        proto = setup.variant().client() == ClientKind.OFFICIAL_SDK_PROTO;
        sdk = new ZerobusSdk(setup.server().endpoint(), setup.server().workspaceUrl());
        StreamConfigurationOptions options = StreamConfigurationOptions.builder()
                .setMaxInflightRecords(setup.maxInflight())
                .setAckCallback(new AckCallback() {
                    @Override
                    public void onAck(long offset) {
                        AckProbe tracked = probe;
                        if (tracked != null) {
                            tracked.durableUpTo(offset);
                        }
                    }

                    @Override
                    public void onError(long offset, String message) {
                        // a failed record never reaches the probe, so the run reports it as unacknowledged
                    }
                })
                .build();
        String id = setup.server().clientId();
        String secret = setup.server().clientSecret();
        for (int i = 0; i < setup.streams(); i++) {
            if (proto) {
                protoStreams.add(sdk.createProtoStream(
                                setup.table(), BenchReading.getDescriptor().toProto(), id, secret, options)
                        .join());
            } else {
                jsonStreams.add(
                        sdk.createJsonStream(setup.table(), id, secret, options).join());
            }
        }
    }

    @Override
    public Object prepare(SensorReading reading) {
        return proto ? reading.proto() : reading.json();
    }

    @Override
    public void ingest(int stream, Object record) throws Exception {
        send(stream, record);
    }

    private long send(int stream, Object record) throws Exception {
        return proto
                ? protoStreams.get(stream).ingestRecordOffset((Message) record)
                : jsonStreams.get(stream).ingestRecordOffset((String) record);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void ingestBatch(int stream, List<Object> records) throws Exception {
        if (proto) {
            protoStreams.get(stream).ingestRecordsOffset((List<Message>) (List<?>) records);
        } else {
            jsonStreams.get(stream).ingestRecordsOffset((List<String>) (List<?>) records);
        }
    }

    @Override
    public void ingestTracked(Object record, AckProbe probe, int sequence) throws Exception {
        this.probe = probe;
        probe.sentAt(sequence, send(0, record));
    }

    @Override
    public void flush() throws Exception {
        for (ZerobusJsonStream stream : jsonStreams) {
            stream.flush();
        }
        for (ZerobusProtoStream stream : protoStreams) {
            stream.flush();
        }
    }

    @Override
    public void close() throws Exception {
        try {
            for (ZerobusJsonStream stream : jsonStreams) {
                stream.close();
            }
            for (ZerobusProtoStream stream : protoStreams) {
                stream.close();
            }
        } finally {
            if (sdk != null) {
                sdk.close();
            }
        }
    }
}
