package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.StreamStatistics;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Strings cross the JNI boundary as real UTF-8 both ways (the shim converts from and to UTF-16, never through JNI's
 * "modified UTF-8"): supplementary characters survive exactly, and a string with a lone surrogate is refused with
 * INVALID_ARGUMENT without its value in the message.
 */
class JniStringsTest extends SdkPerTest {

    private static final String EMOJI = "\uD83D\uDE00"; // U+1F600, one supplementary character

    /** Long enough that the shim reads it in several chunks, with a surrogate pair cut by the first chunk's end. */
    private static String acrossChunks(String prefix) {
        return prefix + "x".repeat(255 - prefix.length()) + EMOJI + "-caf\u00e9-" + "y".repeat(300) + EMOJI;
    }

    private static HeadersProvider headers(String token, String table, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("authorization", "Bearer " + token);
        headers.put("x-databricks-zerobus-table-name", table);
        headers.put(name, value);
        return () -> headers;
    }

    private static StreamConfigurationOptions noRetries() {
        return TestStreams.fastOptions().toBuilder().recovery(false).build();
    }

    @Test
    void headerValueWithSupplementaryCharactersReachesTheServerAsUtf8() {
        String table = uniqueTable("emoji_header");
        String value = "sensor " + EMOJI + " caf\u00e9";
        String longValue = acrossChunks("long ");
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("authorization", "Bearer " + this.server.issueToken(table));
        sent.put("x-device-label", value);
        sent.put("x-device-notes", longValue);

        try (ZerobusStream stream = this.sdk.createStream(TableProperties.json(table), () -> sent, noRetries())) {
            stream.ingestRecord(json(0)).await();
        }

        StreamStatistics statistics = this.server.streams().stream()
                .filter((s) -> s.table().equals(table))
                .findFirst()
                .orElseThrow();
        // The test server reads metadata with grpc-java's ASCII marshaller, which turns every byte >= 0x80 into one
        // U+FFFD: what it shows is the UTF-8 bytes seen as US-ASCII. That is exact for the ASCII parts and proves the
        // byte count of the rest (4 bytes for U+1F600, 2 for U+00E9; modified UTF-8 would have sent 6 for U+1F600).
        assertThat(statistics.clientHeaders().get("x-device-label")).isEqualTo(asAscii(value));
        assertThat(statistics.clientHeaders().get("x-device-notes")).isEqualTo(asAscii(longValue));
    }

    @Test
    void tableNameWithSupplementaryCharactersRoundTripsThroughTheServersError() {
        // The provider's table header names an ASCII table the token is good for; create_stream carries the Java
        // table name, so the server refuses with a message quoting it (UTF-8, percent-encoded in grpc-message). The
        // exception must show it exactly: Java -> UTF-8 -> server -> Rust -> UTF-16 -> Java.
        String headerTable = uniqueTable("ascii");
        String javaTable = acrossChunks(headerTable + "_");
        HeadersProvider provider = headers(this.server.issueToken(headerTable), headerTable, "x-note", "plain");

        assertThatThrownBy(() -> this.sdk.createStream(TableProperties.json(javaTable), provider, noRetries()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.grpcStatus()).hasValue(3);
                    assertThat(ex.getMessage()).contains("create_stream table " + javaTable + " does not match");
                });
    }

    @Test
    void loneSurrogateInTableNameIsRefusedWithoutItsValue() {
        int creations = this.server.streamCreations();
        String table = uniqueTable("lone") + "\uD800";

        assertThatThrownBy(() -> TestStreams.jsonStream(this.sdk, this.server, table))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                    assertThat(ex.isRetryable()).isFalse();
                    assertThat(ex.getMessage())
                            .contains("table name", "lone UTF-16 surrogate")
                            .doesNotContain("main.client_tests")
                            .doesNotContain("\uD800")
                            .doesNotContain("\uFFFD");
                });
        assertThatThrownBy(() -> TestStreams.jsonStream(this.sdk, this.server, "main.s.\uDC00t"))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        assertThat(this.server.streamCreations()).isEqualTo(creations);
    }

    @Test
    void loneSurrogateInCredentialsIsRefusedWithoutShowingThem() {
        int tokenRequests = this.server.tokenRequests();
        String secret = "s3cr3t-" + "\uDBFF" + "-tail";
        TableProperties table = TableProperties.json(uniqueTable("lone_secret"));

        assertThatThrownBy(() -> this.sdk.createStream(table, this.server.clientId(), secret, noRetries()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                    assertThat(ex.getMessage())
                            .contains("OAuth client secret")
                            .doesNotContain("s3cr3t")
                            .doesNotContain("tail");
                });
        assertThatThrownBy(() -> this.sdk.createStream(table, "client-\uDE00", this.server.clientSecret(), null))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                    assertThat(ex.getMessage()).contains("OAuth client id").doesNotContain("client-");
                });
        assertThat(this.server.tokenRequests()).isEqualTo(tokenRequests);
    }

    @Test
    void loneSurrogateInAHeaderValueIsRefusedWithoutShowingIt() {
        String table = uniqueTable("lone_header");
        HeadersProvider provider =
                headers(this.server.issueToken(table), table, "x-api-key", "k3y-" + "\uD83D" + "-value");

        assertThatThrownBy(() -> this.sdk.createStream(TableProperties.json(table), provider, noRetries()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                    assertThat(ex.isRetryable()).isFalse();
                    assertThat(ex.getMessage())
                            .contains("x-api-key", "lone UTF-16 surrogate")
                            .doesNotContain("k3y")
                            .doesNotContain("-value");
                });
        assertThat(this.server.streams()).noneMatch((s) -> s.table().equals(table));
    }

    @Test
    void loneSurrogateInTheUserAgentIsRefused() {
        assertThatThrownBy(() -> ZerobusSdk.builder()
                        .endpoint(this.server.endpoint())
                        .workspaceUrl(this.server.workspaceUrl())
                        .userAgent("sensor-app/\uDC00")
                        .build())
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT);
                    assertThat(ex.getMessage()).contains("user agent").doesNotContain("sensor-app");
                });
    }

    @Test
    void versionAndStreamIdAreReadBack() {
        assertThat(NativeBridge.version()).startsWith("zerobus_native ");
        String table = uniqueTable("stream_id");
        try (ZerobusStream stream = TestStreams.jsonStream(this.sdk, this.server, table)) {
            stream.ingestRecord(json(0)).await();
            String id = stream.streamId();
            assertThat(this.server.streams()).anyMatch((s) -> s.streamId().equals(id));
        }
    }

    /** What grpc-java's ASCII marshaller makes of the UTF-8 bytes of {@code text}. */
    private static String asAscii(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.US_ASCII);
    }
}
