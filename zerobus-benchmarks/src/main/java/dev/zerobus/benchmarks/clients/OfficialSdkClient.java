package dev.zerobus.benchmarks.clients;

import com.databricks.zerobus.StreamConfigurationOptions;
import com.databricks.zerobus.ZerobusJsonStream;
import com.databricks.zerobus.ZerobusSdk;
import dev.zerobus.benchmarks.ServerConnection;
import java.util.List;

/**
 * The official Databricks Java SDK (a Rust core over JNI): {@code ingestRecordOffset} per record,
 * {@code ingestRecordsOffset} per batch, the offset-returning calls that skip per-record futures.
 */
public final class OfficialSdkClient implements IngestClient {

    private ZerobusSdk sdk;
    private ZerobusJsonStream stream;

    @Override
    public void open(ServerConnection server, String table, int maxInflightRequests) throws Exception {
        sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
        StreamConfigurationOptions options = StreamConfigurationOptions.builder()
                .setMaxInflightRecords(maxInflightRequests)
                .build();
        stream = sdk.createJsonStream(table, server.clientId(), server.clientSecret(), options)
                .join();
    }

    @Override
    public void ingest(String jsonRecord) throws Exception {
        stream.ingestRecordOffset(jsonRecord);
    }

    @Override
    public void ingestBatch(List<String> jsonRecords) throws Exception {
        stream.ingestRecordsOffset(jsonRecords);
    }

    @Override
    public void flush() throws Exception {
        stream.flush();
    }

    @Override
    public void close() throws Exception {
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
