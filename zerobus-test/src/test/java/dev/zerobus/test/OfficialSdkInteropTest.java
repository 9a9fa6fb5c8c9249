package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.zerobus.StreamConfigurationOptions;
import com.databricks.zerobus.ZerobusJsonStream;
import com.databricks.zerobus.ZerobusProtoStream;
import com.databricks.zerobus.ZerobusSdk;
import com.google.protobuf.DynamicMessage;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Faithfulness: the official Databricks Java SDK (Rust core over JNI) talks to this server with OAuth client
 * credentials, over plaintext {@code http://} for both endpoints, and everything it ingests is stored in order.
 */
@ExtendWith(ZerobusTestServerExtension.class)
class OfficialSdkInteropTest {

    private static final int RECORDS = 1_000;

    @Test
    void jsonStreamOfTheOfficialSdkIsStoredInOrder(ZerobusTestServer server) throws Exception {
        String table = "main.interop.json_events";
        ZerobusSdk sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
        try {
            ZerobusJsonStream stream = sdk.createJsonStream(table, server.clientId(), server.clientSecret(), options())
                    .get(30, TimeUnit.SECONDS);
            for (int i = 0; i < RECORDS; i++) {
                stream.ingestRecordOffset("{\"id\":" + i + ",\"device\":\"d-" + (i % 7) + "\"}");
            }
            stream.flush();
            stream.close();
        } finally {
            sdk.close();
        }

        List<IngestedRecord> stored = server.records(table);
        assertThat(stored).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            assertThat(stored.get(i).json()).isEqualTo("{\"id\":" + i + ",\"device\":\"d-" + (i % 7) + "\"}");
        }
        assertThat(server.tokenRequests()).isGreaterThanOrEqualTo(1);
        StreamStatistics statistics = server.streams().stream()
                .filter(s -> s.table().equals(table))
                .findFirst()
                .orElseThrow();
        assertThat(statistics.records()).isEqualTo(RECORDS);
        assertThat(statistics.clientHeaders())
                .containsEntry("x-databricks-zerobus-table-name", table)
                .containsEntry("authorization", "Bearer <redacted>");
        assertThat(statistics.clientHeaders()).containsEntry("x-zerobus-sdk", "zerobus-sdk-rs/1.0.1");
        // The SDK derives the workspace id from the first DNS label of the endpoint host: "127" for 127.0.0.1.
        assertThat(server.lastTokenRequestForm())
                .containsEntry("resource", "api://databricks/workspaces/127/zerobusDirectWriteApi")
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "all-apis");
    }

    @Test
    void officialSdkRecoversFromAFailedCreationAndAResetConnectionWithoutLosingRecords() throws Exception {
        String table = "main.interop.recovery";
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .recordKey(IngestedRecord::json)
                .build()
                .start()) {
            ZerobusSdk sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
            try {
                server.faults().failNextStreamCreations(1, Status.Code.UNAVAILABLE);
                StreamConfigurationOptions recovering = StreamConfigurationOptions.builder()
                        .setRecovery(true)
                        .setRecoveryBackoffMs(100)
                        .setRecoveryRetries(3)
                        .setFlushTimeoutMs(30_000)
                        .build();
                ZerobusJsonStream stream = sdk.createJsonStream(
                                table, server.clientId(), server.clientSecret(), recovering)
                        .get(30, TimeUnit.SECONDS);
                server.faults().breakConnectionAfterRecords(300);
                for (int i = 0; i < RECORDS; i++) {
                    stream.ingestRecordOffset("{\"id\":" + i + "}");
                }
                stream.flush();
                stream.close();
            } finally {
                sdk.close();
            }
            List<IngestedRecord> stored = server.records(table);
            assertThat(stored.stream().map(IngestedRecord::json).distinct())
                    .as("every record at least once")
                    .hasSize(RECORDS);
            assertThat(server.duplicates(table)).isEqualTo(stored.size() - RECORDS);
            // the SDK's close ends the RPC; the server sees that end a moment later
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(server.streams())
                            .extracting(s ->
                                    s.endStatus() == null ? null : s.endStatus().getCode())
                            .containsExactly(Status.Code.UNAVAILABLE, Status.Code.OK));
            assertThat(server.streamCreations()).isEqualTo(2);
        }
    }

    @Test
    void protoStreamOfTheOfficialSdkIsStoredInOrder(ZerobusTestServer server) throws Exception {
        String table = "main.interop.proto_readings";
        ZerobusSdk sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
        try {
            ZerobusProtoStream stream = sdk.createProtoStream(
                            table,
                            TestDescriptors.SENSOR_READING.toProto(),
                            server.clientId(),
                            server.clientSecret(),
                            options())
                    .get(30, TimeUnit.SECONDS);
            for (int i = 0; i < RECORDS; i++) {
                stream.ingestRecordOffset(TestDescriptors.reading("d-" + i, 1_000_000L * i, i / 2.0)
                        .toByteArray());
            }
            stream.flush();
            stream.close();
        } finally {
            sdk.close();
        }

        List<IngestedRecord> stored = server.awaitRecords(table, RECORDS, Duration.ofSeconds(5));
        assertThat(stored).hasSize(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            DynamicMessage message = DynamicMessage.parseFrom(
                    TestDescriptors.SENSOR_READING, stored.get(i).proto());
            assertThat(message.getField(TestDescriptors.SENSOR_READING.findFieldByName("device_id")))
                    .isEqualTo("d-" + i);
        }
    }

    @Test
    void officialSdkReconnectsAfterACloseSignalWithoutLosingRecords() throws Exception {
        String table = "main.interop.close_signal";
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .recordKey(IngestedRecord::json)
                .ackPolicy(AckPolicy.every(java.time.Duration.ofMillis(200)))
                .build()
                .start()) {
            ZerobusSdk sdk = new ZerobusSdk(server.endpoint(), server.workspaceUrl());
            try {
                ZerobusJsonStream stream = sdk.createJsonStream(
                                table,
                                server.clientId(),
                                server.clientSecret(),
                                StreamConfigurationOptions.builder()
                                        .setRecovery(true)
                                        .setRecoveryBackoffMs(100)
                                        .build())
                        .get(30, TimeUnit.SECONDS);
                for (int i = 0; i < RECORDS; i++) {
                    if (i == RECORDS / 2) {
                        server.faults().sendCloseSignal(java.time.Duration.ofMillis(300));
                    }
                    stream.ingestRecordOffset("{\"id\":" + i + "}");
                }
                stream.flush();
                stream.close();
            } finally {
                sdk.close();
            }
            List<IngestedRecord> stored = server.records(table);
            assertThat(stored.stream().map(IngestedRecord::json).distinct())
                    .as("every record at least once")
                    .hasSize(RECORDS);
            org.awaitility.Awaitility.await()
                    .atMost(java.time.Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(server.streams())
                            .as("the signalled stream ended cleanly, then a new one carried the rest")
                            .extracting(s ->
                                    s.endStatus() == null ? null : s.endStatus().getCode())
                            .containsExactly(Status.Code.OK, Status.Code.OK));
        }
    }

    private static StreamConfigurationOptions options() {
        return StreamConfigurationOptions.builder()
                .setRecovery(false)
                .setFlushTimeoutMs(30_000)
                .build();
    }
}
