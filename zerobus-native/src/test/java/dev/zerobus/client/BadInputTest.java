package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Each bad input gets a typed, non-retryable error, costs no offset, and the stream goes on. */
class BadInputTest extends SdkPerTest {

    private static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    @Test
    void malformedJsonIsRejectedAndTheStreamGoesOn() {
        String table = uniqueTable("malformed");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            stream.ingestRecord(json(0));
            for (String bad : List.of(
                    "{\"seq\":1",
                    "[1,2]",
                    "",
                    "not json",
                    "{\"a\":1} trailing",
                    "{\"a\":01}",
                    "{\"a\":1,\"a\":2}",
                    "{\"o\":{\"k\":1,\"\\u006b\":2}}",
                    "{\"s\":\"\\ud800\"}",
                    "{\"s\":\"\uD83D\"}")) {
                assertRejected(() -> stream.ingestRecord(bad), ZerobusException.Kind.INVALID_ARGUMENT);
            }
            assertRejected(
                    () -> stream.ingestJsonBatch(List.of(json(1), "{broken", json(2))),
                    ZerobusException.Kind.INVALID_ARGUMENT);
            RecordAck next = stream.ingestRecord(json(1));

            assertThat(next.offset()).as("rejected input used no offset").isEqualTo(1);
            stream.flush();
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
        }
        assertThat(this.server.records(table)).hasSize(2);
        TestStreams.assertStoredInOrder(this.server, table, 2);
    }

    @Test
    void aDuplicateKeyIsRefusedAtTheCallWithItsPositionAndNeighboursAreDelivered() {
        String table = uniqueTable("duplicates");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            for (int i = 0; i < 1000; i++) {
                stream.ingestRecord(json(i));
                if (i == 500) {
                    assertThatThrownBy(() -> stream.ingestRecord("{\"seq\":1,\"v\":{\"x\":1,\"x\":2}}"))
                            .isInstanceOfSatisfying(ZerobusException.class, (e) -> {
                                assertThat(e.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                                assertThat(e.getMessage())
                                        .contains("duplicate key \"x\"")
                                        .contains("at byte 20");
                            });
                    assertThatThrownBy(() -> stream.ingestJsonBatch(List.of(json(1), "{\"a\":1,\"a\":1}")))
                            .hasMessageContaining("record 1: invalid JSON record: duplicate key \"a\"");
                }
            }
            stream.flush();
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
        }
        TestStreams.assertStoredInOrder(this.server, table, 1000);
    }

    @Test
    void requestsOverTenMebibytesAreRejected() {
        String table = uniqueTable("oversize");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            String huge = paddedJson(MAX_REQUEST_BYTES + 1);
            String half = paddedJson(MAX_REQUEST_BYTES / 2 + 16);

            assertRejected(() -> stream.ingestRecord(huge), ZerobusException.Kind.RECORD_TOO_LARGE);
            assertRejected(() -> stream.ingestJsonBatch(List.of(half, half)), ZerobusException.Kind.RECORD_TOO_LARGE);
            assertThat(stream.ingestRecord(json(0)).await()).isZero();
            assertThat(stream.ingestJsonBatch(List.of(half)).await())
                    .as("a request just over half the limit is fine")
                    .isEqualTo(1);
        }
        assertThat(this.server.records(table)).hasSize(2);
    }

    @Test
    void wrongRecordTypeIsRejectedOnBothKindsOfStream() {
        try (ZerobusStream json = jsonStream(this.sdk, this.server, uniqueTable("jsontype"));
                ZerobusStream proto = this.sdk.createStream(
                        TableProperties.proto(uniqueTable("prototype"), SensorDescriptors.READING),
                        this.server.clientId(),
                        this.server.clientSecret(),
                        TestStreams.fastOptions())) {
            byte[] record = SensorDescriptors.reading(0).toByteArray();

            assertRejected(() -> json.ingestRecord(record), ZerobusException.Kind.INVALID_ARGUMENT);
            assertRejected(() -> json.ingestProtoBatch(List.of(record)), ZerobusException.Kind.INVALID_ARGUMENT);
            assertRejected(() -> proto.ingestRecord(json(0)), ZerobusException.Kind.INVALID_ARGUMENT);
            assertRejected(() -> proto.ingestJsonBatch(List.of(json(0))), ZerobusException.Kind.INVALID_ARGUMENT);

            assertThat(json.ingestRecord(json(0)).await()).isZero();
            assertThat(proto.ingestRecord(record).await()).isZero();
        }
    }

    @Test
    void nullRecordsAreArgumentErrors() {
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("nulls"))) {
            assertRejected(() -> stream.ingestRecord((String) null), ZerobusException.Kind.INVALID_ARGUMENT);
            assertRejected(() -> stream.ingestJsonBatch(null), ZerobusException.Kind.INVALID_ARGUMENT);
            assertRejected(
                    () -> stream.ingestJsonBatch(Arrays.asList(json(0), null)), ZerobusException.Kind.INVALID_ARGUMENT);
            assertThat(stream.ingestRecord(json(0)).offset()).isZero();
        }
    }

    @Test
    void badEndpointsAndFilesAreTypedErrors() {
        assertThatThrownBy(() -> new ZerobusSdk("", this.server.workspaceUrl()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ENDPOINT));
        assertThatThrownBy(() -> new ZerobusSdk("ftp://example.com", this.server.workspaceUrl()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ENDPOINT));
        assertThatThrownBy(() -> ZerobusSdk.builder()
                        .endpoint(this.server.endpoint())
                        .workspaceUrl(this.server.workspaceUrl())
                        .caCertificate(Path.of("/nonexistent/ca.pem"))
                        .build())
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> this.sdk.createStream(null, "id", "secret", null))
                .isInstanceOf(ZerobusException.class);
    }

    private static String paddedJson(int totalBytes) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        char[] padding = new char[totalBytes - prefix.length() - suffix.length()];
        Arrays.fill(padding, 'x');
        return prefix + new String(padding) + suffix;
    }

    private static void assertRejected(ThrowingCallable call, ZerobusException.Kind kind) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
            assertThat(ex.kind()).isEqualTo(kind);
            assertThat(ex.isRetryable()).isFalse();
        });
    }
}
