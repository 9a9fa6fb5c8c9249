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
        sdk = sdkCreate(server.endpoint(), server.workspaceUrl(), null, "smoke-test/1");
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
        o[NativeBridge.OPT_KEEPALIVE_INTERVAL_MS] = 10_000;
        o[NativeBridge.OPT_KEEPALIVE_TIMEOUT_MS] = 10_000;
        o[NativeBridge.OPT_MAX_INFLIGHT_RECORDS] = 1000;
        o[NativeBridge.OPT_MAX_REQUEST_RECORDS] = 100;
        o[NativeBridge.OPT_MAX_REQUEST_BYTES] = 1 << 20;
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
        NativeBridge.awaitOpen(stream, 20_000);
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
            assertThat(ingestJson(stream, json(i))).isEqualTo(i);
        }
        assertThat(ingestJsonBatch(stream, new byte[][] {json(10), json(11), json(12)}))
                .isEqualTo(10);
        assertThat(ingestJsonBatch(stream, new byte[0][])).isEqualTo(10);
        assertThat(ingestJsonBatch(stream, new byte[][] {json(13)})).isEqualTo(11);
        flush(stream);
        assertThat(NativeBridge.ackedUpTo(stream)).isEqualTo(11);
        assertThat(NativeBridge.awaitAckProgress(stream, 10, 1000)).isEqualTo(11);
        assertThat(NativeBridge.waitForOffset(stream, 11, 1000)).isTrue();
        long[] stats = streamStats(stream);
        assertThat(stats[NativeBridge.STAT_RECORDS_INGESTED]).isEqualTo(14);
        assertThat(stats[NativeBridge.STAT_LAST_ACKED_OFFSET]).isEqualTo(11);
        assertThat(stats[NativeBridge.STAT_INFLIGHT_REQUESTS]).isZero();
        close(stream);
        close(stream);
        assertThat(NativeBridge.streamState(stream)).isEqualTo(StreamState.CLOSED.ordinal());
        assertThat(NativeBridge.unackedOffsets(stream)).isEmpty();

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            expected.add(new String(json(i), StandardCharsets.UTF_8));
        }
        assertThat(jsonOf(server.records(table))).isEqualTo(expected);

        assertThatThrownBy(() -> ingestJson(stream, json(99)))
                .isInstanceOfSatisfying(ZerobusException.class, e -> assertThat(e.kind())
                        .isEqualTo(ZerobusException.Kind.STREAM_CLOSED));
    }

    @Test
    void badInputIsRejectedAndTheStreamGoesOn() {
        String table = "main.smoke.bad_input";
        long stream = jsonStream(sdk, server, table, options(true));
        assertKind(
                () -> ingestJson(stream, "{\"a\":".getBytes(StandardCharsets.UTF_8)),
                ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(
                () -> ingestJson(stream, "[1]".getBytes(StandardCharsets.UTF_8)),
                ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(() -> ingestProto(stream, new byte[] {8, 1}), ZerobusException.Kind.INVALID_ARGUMENT);
        assertKind(
                () -> ingestJsonBatch(stream, new byte[][] {json(1), "nope".getBytes()}),
                ZerobusException.Kind.INVALID_ARGUMENT);
        byte[] huge = new byte[10 * 1024 * 1024 + 1];
        assertKind(() -> ingestJson(stream, huge), ZerobusException.Kind.RECORD_TOO_LARGE);
        assertThatThrownBy(() -> ingestJsonBatch(stream, new byte[][] {json(1), null}))
                .isInstanceOf(ZerobusException.class)
                .hasMessageContaining("null");
        assertThat(ingestJson(stream, json(1))).isZero();
        flush(stream);
        assertThat(server.records(table)).hasSize(1);
        assertKind(() -> NativeBridge.waitForOffset(stream, 5, 10), ZerobusException.Kind.INVALID_ARGUMENT);
    }

    @Test
    void invalidTableAndUnknownHandles() {
        assertKind(
                () -> jsonStream(sdk, server, "not.a-valid-name", options(true)),
                ZerobusException.Kind.INVALID_TABLE_NAME);
        assertThatThrownBy(() -> ingestJson(424242L, json(1))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> NativeBridge.streamState(sdk)).isInstanceOf(IllegalStateException.class);
        long stream = jsonStream(sdk, server, "main.smoke.freed", options(true));
        NativeBridge.streamFree(stream);
        NativeBridge.streamFree(stream);
        assertThatThrownBy(() -> flush(stream)).isInstanceOf(IllegalStateException.class);
        assertKind(() -> sdkCreate("ftp://x", "http://y", null, null), ZerobusException.Kind.INVALID_ENDPOINT);
        assertKind(
                () -> sdkCreate("http://127.0.0.1:1", "http://127.0.0.1:2", "/no/such/ca.pem", null),
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
            ingestJson(stream, json(i));
        }
        flush(stream);
        assertThat(streamStats(stream)[NativeBridge.STAT_RECOVERIES]).isGreaterThanOrEqualTo(1);
        assertThat(jsonOf(server.records(table)).stream().distinct().count()).isEqualTo(40);
        close(stream);
    }

    @Test
    void closeSignalReconnectsAndDeliversEverything() {
        String table = "main.smoke.close_signal";
        long stream = jsonStream(sdk, server, table, options(true));
        for (int i = 0; i < 20; i++) {
            ingestJson(stream, json(i));
        }
        flush(stream);
        server.faults().sendCloseSignal(Duration.ofMillis(200));
        for (int i = 20; i < 40; i++) {
            ingestJson(stream, json(i));
        }
        flush(stream);
        assertThat(streamStats(stream)[NativeBridge.STAT_CLOSE_SIGNALS]).isEqualTo(1);
        assertThat(jsonOf(server.records(table)).stream().distinct().count()).isEqualTo(40);
        close(stream);
    }

    @Test
    void failedStreamKeepsUnackedPayloadsAndRecreateDeliversThem() {
        String table = "main.smoke.failure";
        long stream = jsonStream(sdk, server, table, options(false));
        server.faults().stallAcks(Duration.ofSeconds(30));
        // Breaks when the last of the four records arrives: the sender does not wait to gather records, so an earlier
        // break could fail the stream before all three requests were ingested.
        server.faults().breakConnectionAfterRecords(4);
        ingestJson(stream, json(0));
        ingestJsonBatch(stream, new byte[][] {json(1), json(2)});
        ingestJson(stream, json(3));
        assertThatThrownBy(() -> flush(stream)).isInstanceOf(ZerobusException.class);
        assertThat(NativeBridge.streamState(stream)).isEqualTo(StreamState.FAILED.ordinal());
        assertThatThrownBy(() -> NativeBridge.throwFailure(stream)).isInstanceOf(ZerobusException.class);
        assertKind(() -> ingestJson(stream, json(4)), ZerobusException.Kind.STREAM_FAILED);
        assertThat(NativeBridge.unackedOffsets(stream)).containsExactly(0, 1, 2);
        byte[][][] payloads = NativeBridge.unackedPayloads(stream);
        assertThat(payloads).hasNumberOfRows(3);
        assertThat(payloads[1]).hasNumberOfRows(2);
        assertThat(payloads[1][1]).isEqualTo(json(2));

        server.faults().reset();
        server.clear();
        long recreated = NativeBridge.streamRecreate(sdk, stream);
        this.streams.add(recreated);
        NativeBridge.awaitOpen(recreated, 20_000);
        assertThat(ingestJson(recreated, json(4))).isEqualTo(3);
        flush(recreated);
        assertThat(jsonOf(server.records(table))).containsExactly(text(0), text(1), text(2), text(3), text(4));
        close(recreated);
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
        assertThat(NativeBridge.awaitOpen(stream, 20_000)).isEqualTo(StreamState.OPEN.ordinal());
        ingestJson(stream, json(1));
        close(stream);
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
        NativeBridge.awaitOpen(stream, 20_000);
        byte[][] rows = new byte[4][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = DynamicMessage.newBuilder(type)
                    .setField(type.findFieldByName("id"), (long) i)
                    .setField(type.findFieldByName("name"), "row-" + i)
                    .build()
                    .toByteArray();
        }
        ingestProto(stream, rows[0]);
        ingestProtoBatch(stream, new byte[][] {rows[1], rows[2], rows[3]});
        assertKind(() -> ingestJson(stream, json(1)), ZerobusException.Kind.INVALID_ARGUMENT);
        close(stream);
        assertThat(server.records(table)).extracting(IngestedRecord::proto).containsExactly(rows);
    }

    @Test
    void tlsWithExtraCaCertificate() {
        try (ZerobusTestServer tls =
                ZerobusTestServer.builder().tls(true).build().start()) {
            long tlsSdk = sdkCreate(
                    tls.endpoint(), tls.workspaceUrl(), tls.caCertificatePath().toString(), null);
            try {
                String table = "main.smoke.tls_rows";
                long stream = jsonStream(tlsSdk, tls, table, options(true));
                for (int i = 0; i < 5; i++) {
                    ingestJson(stream, json(i));
                }
                close(stream);
                assertThat(tls.records(table)).hasSize(5);
            } finally {
                NativeBridge.sdkFree(tlsSdk);
            }
            long untrusting = sdkCreate(tls.endpoint(), tls.workspaceUrl(), null, null);
            try {
                long[] once = options(false);
                assertKind(
                        () -> jsonStream(untrusting, tls, "main.smoke.tls_untrusted", once), ZerobusException.Kind.TLS);
            } finally {
                NativeBridge.sdkFree(untrusting);
            }
        }
    }

    // ---- the natives with the waits the Java API adds on top

    private static final long BLOCK_MILLIS = 5_000;

    private static long sdkCreate(String endpoint, String workspace, String ca, String userAgent) {
        return NativeBridge.sdkCreate(endpoint, workspace, ca, userAgent, "0.0.0-smoke", 0);
    }

    private static long ingestJson(long stream, byte[] record) {
        return NativeBridge.ingestJson(stream, record, BLOCK_MILLIS);
    }

    private static long ingestProto(long stream, byte[] record) {
        return NativeBridge.ingestProto(stream, record, BLOCK_MILLIS);
    }

    private static long ingestJsonBatch(long stream, byte[][] records) {
        return NativeBridge.ingestJsonBatch(stream, records, BLOCK_MILLIS);
    }

    private static long ingestProtoBatch(long stream, byte[][] records) {
        return NativeBridge.ingestProtoBatch(stream, records, BLOCK_MILLIS);
    }

    private static long[] streamStats(long stream) {
        long[] stats = new long[NativeBridge.STATS_LENGTH];
        NativeBridge.streamStats(stream, stats);
        return stats;
    }

    /** Waits until everything ingested so far is acked (what ZerobusStream.flush does in slices). */
    private static void flush(long stream) {
        long last = streamStats(stream)[NativeBridge.STAT_LAST_ASSIGNED_OFFSET];
        if (last >= 0) {
            NativeBridge.waitForOffset(stream, last, 20_000);
        }
    }

    /** closeStart, the flush, closeFinish: what ZerobusStream.close does. */
    private static void close(long stream) {
        long last = NativeBridge.closeStart(stream);
        try {
            if (last >= 0) {
                NativeBridge.waitForOffset(stream, last, 20_000);
            }
        } finally {
            NativeBridge.closeFinish(stream, 5_000);
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
