package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import java.util.List;

/**
 * Our client ({@code dev.zerobus.client}, a Rust core over JNI): {@code ingestRecord} per record and
 * {@code ingestJsonBatch} per batch, dropping the returned {@code RecordAck}s as a fire-and-forget producer would; the
 * in-flight byte limit stays at the client's default unless {@code bench.ours.maxInflightBytes} says otherwise.
 */
public final class ZerobusNativeClient implements IngestClient {

    private ZerobusSdk sdk;
    private ZerobusStream stream;

    @Override
    public void open(ServerConnection server, String table, int maxInflightRequests) {
        sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
        StreamConfigurationOptions.Builder options =
                StreamConfigurationOptions.builder().maxInflightRequests(maxInflightRequests);
        Long maxInflightBytes = Long.getLong("bench.ours.maxInflightBytes");
        if (maxInflightBytes != null) {
            options.maxInflightBytes(maxInflightBytes);
        }
        stream = sdk.createStream(
                TableProperties.json(table), server.clientId(), server.clientSecret(), options.build());
    }

    @Override
    public void ingest(String jsonRecord) {
        stream.ingestRecord(jsonRecord);
    }

    @Override
    public void ingestBatch(List<String> jsonRecords) {
        stream.ingestJsonBatch(jsonRecords);
    }

    @Override
    public void flush() {
        stream.flush();
    }

    @Override
    public void close() {
        try {
            if (stream != null) {
                stream.close();
            }
        } finally {
            if (sdk != null) {
                sdk.close();
            }
        }
    }
}
