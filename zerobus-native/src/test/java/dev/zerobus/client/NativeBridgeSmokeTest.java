package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Drives {@link NativeBridge} directly (no Java API on top) against the project's test server, over plaintext and
 * TLS: the contract of every native entry point the Java API relies on.
 */
class NativeBridgeSmokeTest {

    private static ZerobusTestServer server;

    private static long sdk;

    private final List<Long> streams = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = ZerobusTestServer.builder().build().start();
        sdk = NativeBridge.sdkCreate(server.endpoint(), server.workspaceUrl(), null, "smoke-test/1");
    }

    @AfterAll
    static void stopServer() {
        NativeBridge.sdkFree(sdk);
        server.close();
    }

    @AfterEach
    void freeStreams() {
        this.streams.forEach(NativeBridge::streamFree);
        server.faults().reset();
    }

    private static long[] options(boolean recovery) {
        long[] o = new long[NativeBridge.OPTIONS_LENGTH];
        o[NativeBridge.OPT_MAX_INFLIGHT_REQUESTS] = 1000;
        o[NativeBridge.OPT_MAX_INFLIGHT_BYTES] = 64L << 20;
        o[NativeBridge.OPT_RECOVERY] = recovery ? 1 : 0;
        o[NativeBridge.OPT_RECOVERY_TIMEOUT_MS] = 5_000;
        o[NativeBridge.OPT_RECOVERY_BACKOFF_MS] = 20;
        o[NativeBridge.OPT_RECOVERY_RETRIES] = 3;
        o[NativeBridge.OPT_FLUSH_TIMEOUT_MS] = 20_000;
        o[NativeBridge.OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS] = 10_000;
        o[NativeBridge.OPT_CLOSE_SIGNAL_MAX_PAUSE_MS] = -1;
        return o;
    }

    private long jsonStream(long sdkHandle, ZerobusTestServer target, String table, long[] options) {
        long stream = NativeBridge.streamCreate(
                sdkHandle,
                table,
                NativeBridge.RECORD_TYPE_JSON,
                null,
                target.clientId(),
                target.clientSecret(),
                null,
                options);
        this.streams.add(stream);
        return stream;
    }

    private static byte[] json(int i) {
        return ("{\"id\":" + i + ",\"name\":\"reading-" + i + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> jsonOf(List<IngestedRecord> records) {
        return records.stream().map(IngestedRecord::json).toList();
    }

    @Test
    void jsonStreamIngestsSinglesAndBatchesInOrder() {
        String table = "main.smoke.json_rows";
        long stream = jsonStream(sdk, server, table, options(true));
        assertThat(NativeBridge.streamState(stream)).isEqualTo(StreamState.OPEN.ordinal());
        assertThat(NativeBridge.streamId(stream)).isNotBlank();
        for (int i = 0; i < 10; i++) {
            assertThat(NativeBridge.ingestJson(stream, json(i))).isEqualTo(i);
        }
        assertThat(NativeBridge.ingestJsonBatch(stream, new byte[][] {json(10), json(11), json(12)}))
                .isEqualTo(10);
        assertThat(NativeBridge.ingestJsonBatch(stream, new byte[0][])).isEqualTo(10);
        assertThat(NativeBridge.ingestJsonBatch(stream, new byte[][] {json(13)}))
                .isEqualTo(11);
        NativeBridge.flush(stream);
        assertThat(NativeBridge.ackedUpTo(stream)).isEqualTo(11);
        assertThat(NativeBridge.awaitAckProgress(stream, 10, 1000)).isEqualTo(11);
        NativeBridge.waitForOffset(stream, 11, 1000);
        long[] stats = NativeBridge.streamStats(stream);
        assertThat(stats[NativeBridge.STAT_RECORDS_INGESTED]).isEqualTo(14);
        assertThat(stats[NativeBridge.STAT_LAST_ACKED_OFFSET]).isEqualTo(11);
        assertThat(stats[NativeBridge.STAT_INFLIGHT_REQUESTS]).isZero();
        NativeBridge.close(stream);
        NativeBridge.close(stream);
        assertThat(NativeBridge.streamState(stream)).isEqualTo(StreamState.CLOSED.ordinal());
        assertThat(NativeBridge.unackedOffsets(stream)).isEmpty();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            expected.add(new String(json(i), StandardCharsets.UTF_8));
        }
        assertThat(jsonOf(server.records(table))).isEqualTo(expected);

        assertThatThrownBy(() -> NativeBridge.ingestJson(stream, json(99)))
                .isInstanceOfSatisfying(ZerobusException.class, e -> assertThat(e.kind())
                        .isEqualTo(ZerobusException.Kind.STREAM_CLOSED));
    }

    @Test
    void badInputIsRejectedAndTheStreamGoesOn() {
        String table = "main.smoke.bad_input";
        long stream = jsonStream(sdk, server, table, options(true));
        assertKind(
                () -> NativeBridge.ingestJson(stream, "{\"a\":".getBytes(StandardCharsets.UTF_8)),
                ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(
                () -> NativeBridge.ingestJson(stream, "[1]".getBytes(StandardCharsets.UTF_8)),
                ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(() -> NativeBridge.ingestProto(stream, new byte[] {8, 1}), ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(
                () -> NativeBridge.ingestJsonBatch(stream, new byte[][] {json(1), "nope".getBytes()}),
                ZerobusException.Kind.INVALID_ARGUMENT);
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        assertKind(() -> NativeBridge.ingestJson(stream, huge), ZerobusException.Kind.RECORD_TOO_LARGE);
        assertThatThrownBy(() -> NativeBridge.ingestJsonBatch(stream, new byte[][] {json(1), null}))
                .isInstanceOf(ZerobusException.class)
                .hasMessageContaining("null");
        assertThat(NativeBridge.ingestJson(stream, json(1))).isZero();
        NativeBridge.flush(stream);
        assertThat(server.records(table)).hasSize(1);
        assertKind(() -> NativeBridge.waitForOffset(stream, 5, 10), ZerobusException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void invalidTableAndUnknownHandles() {
        assertKind(
                () -> jsonStream(sdk, server, "not.a-valid-name", options(true)),
                ZerobusException.Kind.INVALID_TABLE_NAME);
        assertThatThrownBy(() -> NativeBridge.ingestJson(424242L, json(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NativeBridge.streamState(sdk)).isInstanceOf(IllegalStateException.class);
        long stream = jsonStream(sdk, server, "main.smoke.freed", options(true));
        NativeBridge.streamFree(stream);
        NativeBridge.streamFree(stream);
        assertThatThrownBy(() -> NativeBridge.flush(stream)).isInstanceOf(IllegalStateException.class);
        assertKind(
                () -> NativeBridge.sdkCreate("ftp://x", "http://y", null, null),
                ZerobusException.Kind.INVALID_ENDPOINT);
        assertKind(
                () -> NativeBridge.sdkCreate("http://x:1", "http://y:1", "/no/such/ca.pem", null),
                ZerobusException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void nonRetryableCreationFailureIsReported() {
        server.faults().failNextStreamCreations(1, Status.Code.PERMISSION_DENIED);
        assertThatThrownBy(() -> jsonStream(sdk, server, "main.smoke.denied", options(true)))
                .isInstanceOfSatisfying(ZerobusException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ZerobusException.Kind.PERMISSION_DENIED);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.grpcStatus()).hasValue(7);
                });
    }

    @Test
    void recoversFromBrokenConnectionWithoutLoss() {
        String table = "main.smoke.recovery";
        long stream = jsonStream(sdk, server, table, options(true));
        server.faults().breakConnectionAfterRecords(5);
        for (int i = 0; i < 40; i++) {
            NativeBridge.ingestJson(stream, json(i));
        }
        NativeBridge.flush(stream);
        assertThat(NativeBridge.streamStats(stream)[NativeBridge.STAT_RECOVERIES])
                .isGreaterThanOrEqualTo(1);
        assertThat(jsonOf(server.records(table)).stream().distinct().count()).isEqualTo(40);
        NativeBridge.close(stream);
    }

    @Test
    void closeSignalReconnectsAndDeliversEverything() {
        String table = "main.smoke.close_signal";
        long stream = jsonStream(sdk, server, table, options(true));
        for (int i = 0; i < 20; i++) {
            NativeBridge.ingestJson(stream, json(i));
        }
        NativeBridge.flush(stream);
        server.faults().sendCloseSignal(Duration.ofMillis(200));
        for (int i = 20; i < 40; i++) {
            NativeBridge.ingestJson(stream, json(i));
        }
        NativeBridge.flush(stream);
        assertThat(NativeBridge.streamStats(stream)[NativeBridge.STAT_CLOSE_SIGNALS])
                .isEqualTo(1);
        assertThat(jsonOf(server.records(table)).stream().distinct().count()).isEqualTo(40);
        NativeBridge.close(stream);
    }

    @Test
    void failedStreamKeepsUnackedPayloadsAndRecreateDeliversThem() {
        String table = "main.smoke.failure";
        long stream = jsonStream(sdk, server, table, options(false));
        server.faults().stallAcks(Duration.ofSeconds(30));
        server.faults().breakConnectionAfterRecords(2);
        NativeBridge.ingestJson(stream, json(0));
        NativeBridge.ingestJsonBatch(stream, new byte[][] {json(1), json(2)});
        NativeBridge.ingestJson(stream, json(3));
        assertThatThrownBy(() -> NativeBridge.flush(stream)).isInstanceOf(ZerobusException.class);
        assertThat(NativeBridge.streamState(stream)).isEqualTo(StreamState.FAILED.ordinal());
        assertThatThrownBy(() -> NativeBridge.throwFailure(stream)).isInstanceOf(ZerobusException.class);
        assertKind(() -> NativeBridge.ingestJson(stream, json(4)), ZerobusException.Kind.STREAM_FAILED);
        assertThat(NativeBridge.unackedOffsets(stream)).containsExactly(0, 1, 2);
        byte[][][] payloads = NativeBridge.unackedPayloads(stream);
        assertThat(payloads).hasNumberOfRows(3);
        assertThat(payloads[1]).hasNumberOfRows(2);
        assertThat(payloads[1][1]).isEqualTo(json(2));

        server.faults().reset();
        server.clear();
        long recreated = NativeBridge.streamRecreate(sdk, stream);
        this.streams.add(recreated);
        assertThat(NativeBridge.ingestJson(recreated, json(4))).isEqualTo(3);
        NativeBridge.flush(recreated);
        assertThat(jsonOf(server.records(table))).containsExactly(text(0), text(1), text(2), text(3), text(4));
        NativeBridge.close(recreated);
    }

    @Test
    void headersCallbackSuppliesCredentials() {
        String table = "main.smoke.headers";
        AtomicInteger fetches = new AtomicInteger();
        NativeBridge.HeadersCallback callback = new NativeBridge.HeadersCallback() {
            @Override
            public String[] fetch() {
                fetches.incrementAndGet();
                return new String[] {
                    "authorization", "Bearer " + server.issueToken(table), "x-databricks-zerobus-table-name", table
                };
            }

            @Override
            public void invalidate() {}
        };
        long stream = NativeBridge.streamCreate(
                sdk, table, NativeBridge.RECORD_TYPE_JSON, null, null, null, callback, options(true));
        this.streams.add(stream);
        NativeBridge.ingestJson(stream, json(1));
        NativeBridge.close(stream);
        assertThat(fetches).hasValue(1);
        assertThat(server.records(table)).hasSize(1);
    }

    @Test
    void protoStreamIngestsRecords() throws Exception {
        String table = "main.smoke.proto_rows";
        DescriptorProto descriptor = DescriptorProto.newBuilder()
                .setName("Row")
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("id")
                        .setNumber(1)
                        .setType(FieldDescriptorProto.Type.TYPE_INT64)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                .addField(FieldDescriptorProto.newBuilder()
                        .setName("name")
                        .setNumber(2)
                        .setType(FieldDescriptorProto.Type.TYPE_STRING)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL))
                .build();
        Descriptor type = FileDescriptor.buildFrom(
                        FileDescriptorProto.newBuilder()
                                .setName("row.proto")
                                .setSyntax("proto2")
                                .addMessageType(descriptor)
                                .build(),
                        new FileDescriptor[0])
                .findMessageTypeByName("Row");
        long stream = NativeBridge.streamCreate(
                sdk,
                table,
                NativeBridge.RECORD_TYPE_PROTO,
                descriptor.toByteArray(),
                server.clientId(),
                server.clientSecret(),
                null,
                options(true));
        this.streams.add(stream);
        byte[][] rows = new byte[4][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = DynamicMessage.newBuilder(type)
                    .setField(type.findFieldByName("id"), (long) i)
                    .setField(type.findFieldByName("name"), "row-" + i)
                    .build()
                    .toByteArray();
        }
        NativeBridge.ingestProto(stream, rows[0]);
        NativeBridge.ingestProtoBatch(stream, new byte[][] {rows[1], rows[2], rows[3]});
        assertKind(() -> NativeBridge.ingestJson(stream, json(1)), ZerobusException.Kind.INVALID_ARGUMENT);
        NativeBridge.close(stream);
        assertThat(server.records(table)).extracting(IngestedRecord::proto).containsExactly(rows);
    }

    @Test
    void tlsWithExtraCaCertificate() {
        try (ZerobusTestServer tls =
                ZerobusTestServer.builder().tls(true).build().start()) {
            long tlsSdk = NativeBridge.sdkCreate(
                    tls.endpoint(), tls.workspaceUrl(), tls.caCertificatePath().toString(), null);
            try {
                String table = "main.smoke.tls_rows";
                long stream = jsonStream(tlsSdk, tls, table, options(true));
                for (int i = 0; i < 5; i++) {
                    NativeBridge.ingestJson(stream, json(i));
                }
                NativeBridge.close(stream);
                assertThat(tls.records(table)).hasSize(5);
            } finally {
                NativeBridge.sdkFree(tlsSdk);
            }
            long untrusting = NativeBridge.sdkCreate(tls.endpoint(), tls.workspaceUrl(), null, null);
            try {
                long[] once = options(false);
                assertKind(
                        () -> jsonStream(untrusting, tls, "main.smoke.tls_untrusted", once), ZerobusException.Kind.TLS);
            } finally {
                NativeBridge.sdkFree(untrusting);
            }
        }
    }

    private static String text(int i) {
        return new String(json(i), StandardCharsets.UTF_8);
    }

    private static void assertKind(Runnable call, ZerobusException.Kind kind) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ZerobusException.class, e -> assertThat(e.kind())
                .isEqualTo(kind));
    }
}
