package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.StreamStatistics;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the client tells the application: lifecycle log lines through {@code System.Logger} (here the JDK's default,
 * java.util.logging) without a secret in any of them, a warning for a stream dropped without close, the library's one
 * version in both SDK headers, and a refusal to send credentials in clear text to a remote host.
 */
class ClientLoggingTest extends SdkPerTest {

    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();

    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            ClientLoggingTest.this.logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private final Logger logger = Logger.getLogger(NativeLog.LOGGER_NAME);

    @BeforeEach
    void capture() {
        this.logger.addHandler(this.capture);
    }

    @AfterEach
    void release() {
        this.logger.removeHandler(this.capture);
    }

    private List<String> lines() {
        return this.logged.stream().map(LogRecord::getMessage).toList();
    }

    @Test
    void lifecycleEventsAreLoggedOnceEachAndWithoutSecrets() {
        String table = uniqueTable("logged");
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            this.server.faults().breakConnectionAfterRecords(3);
            for (int i = 0; i < 10; i++) {
                stream.ingestRecord(json(i));
            }
            stream.flush();
            this.server.faults().sendCloseSignal(Duration.ofMillis(50));
            stream.ingestRecord(json(10));
            stream.flush();
            String id = stream.streamId();
            await().atMost(Duration.ofSeconds(5)).until(() -> lines().stream()
                    .anyMatch((l) -> l.startsWith("close signal on the stream to table " + table)));
            assertThat(id).isNotBlank();
        }
        String failing = uniqueTable("logged_failure");
        ZerobusStream doomed = jsonStream(
                this.sdk,
                this.server,
                failing,
                TestStreams.fastOptions().toBuilder().recovery(false).build());
        this.server.faults().breakConnectionAfterRecords(1);
        doomed.ingestRecord(json(0));
        await().atMost(Duration.ofSeconds(10)).until(() -> doomed.state() == StreamState.FAILED);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> lines().stream().anyMatch((l) -> l.startsWith("stream to table " + failing + " failed")));
        assertThatThrownBy(doomed::close).isInstanceOf(ZerobusException.class);

        List<String> lines = lines();
        assertThat(lines).anyMatch((l) -> l.startsWith("stream to table " + table + " opened (stream id "));
        assertThat(lines).anyMatch((l) -> l.startsWith("stream to table " + table + " is recovering: "));
        assertThat(lines).anyMatch((l) -> l.startsWith("stream to table " + table + " recovered after 1 attempt(s)"));
        assertThat(lines).anyMatch((l) -> l.startsWith("obtained an OAuth token for table " + table));
        assertThat(lines)
                .filteredOn((l) -> l.contains(failing + " failed for good"))
                .singleElement()
                .satisfies((l) -> assertThat(l).contains("1 unacknowledged request(s)"));
        assertThat(this.logged)
                .filteredOn((r) -> r.getMessage().contains("recovering"))
                .allSatisfy((r) -> assertThat(r.getLevel()).isEqualTo(Level.WARNING));
        assertThat(lines).noneMatch((l) -> l.contains(this.server.clientSecret()) || l.contains("Bearer"));
    }

    @Test
    void aStreamDroppedWithoutCloseWarnsWithWhatItDropped() {
        this.server.faults().acceptButNeverAck();
        String table = uniqueTable("forgotten");
        openAndForget(table);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    System.gc();
                    return lines().stream().anyMatch((l) -> l.contains(table) && l.contains("became unreachable"));
                });
        assertThat(lines())
                .filteredOn((l) -> l.contains(table) && l.contains("became unreachable"))
                .singleElement()
                .satisfies((l) -> assertThat(l).contains("3 unacknowledged request(s)"));
        this.server.faults().reset();
    }

    private void openAndForget(String table) {
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        for (int i = 0; i < 3; i++) {
            stream.ingestRecord(json(i));
        }
    }

    @Test
    void bothSdkHeadersCarryTheLibrarysVersion() {
        String expected = System.getProperty("zerobus.expectedVersion");
        assertThat(expected).as("set by the build").isNotBlank();
        String table = uniqueTable("version");
        try (ZerobusSdk withSuffix = ZerobusSdk.builder()
                        .endpoint(this.server.endpoint())
                        .workspaceUrl(this.server.workspaceUrl())
                        .userAgent("my-app/7.1")
                        .build();
                ZerobusStream stream = jsonStream(withSuffix, this.server, table)) {
            stream.ingestRecord(json(0));
        }
        StreamStatistics call = this.server.streams().stream()
                .filter((s) -> s.table().equals(table))
                .findFirst()
                .orElseThrow();
        assertThat(call.clientHeaders()).containsEntry("x-zerobus-sdk", "zerobus-java-spring/" + expected);
        assertThat(call.clientHeaders().get("user-agent")).isEqualTo("zerobus-java-spring/" + expected + " my-app/7.1");
    }

    @Test
    void plaintextToARemoteHostNeedsAnExplicitOptIn() {
        assertThatThrownBy(() -> new ZerobusSdk("http://zerobus.example.com:8080", "https://ws.example.com"))
                .isInstanceOfSatisfying(ZerobusException.class, (e) -> {
                    assertThat(e.kind()).isEqualTo(ZerobusException.Kind.INVALID_ENDPOINT);
                    assertThat(e.getMessage()).contains("clear text").contains("allowInsecurePlaintext");
                });
        ZerobusSdk.builder()
                .endpoint("http://zerobus.example.com:8080")
                .workspaceUrl("http://ws.example.com")
                .allowInsecurePlaintext(true)
                .build()
                .close();
        new ZerobusSdk("http://localhost:1", "http://127.0.0.1:2").close();
    }
}
