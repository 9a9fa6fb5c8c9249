package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Duplicate counting by record key, benchmark mode, waiting and clearing. */
class RecordStoreFeaturesTest {

    @Test
    void duplicatesAreCountedByRecordKeyAcrossStreams() throws Exception {
        RecordKeyExtractor idField = record -> record.json().replaceAll(".*\"id\":(\\d+).*", "$1");
        try (ZerobusTestServer server =
                ZerobusTestServer.builder().recordKey(idField).build().start()) {
            ManagedChannel channel = TestChannels.open(server);
            String table = "main.dups.events";
            try {
                try (RawStream first = RawStream.json(server, channel, table)) {
                    first.send(RawStream.jsonBatch(0, List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}")));
                    first.awaitAck(0);
                }
                try (RawStream second = RawStream.json(server, channel, table)) {
                    // a client re-sending after a reconnect: 2 and 3 again, then new records
                    second.send(RawStream.jsonRecord(0, "{\"id\":2}"));
                    second.send(RawStream.jsonBatch(1, List.of("{\"id\":3}", "{\"id\":4}")));
                    second.awaitAck(1);
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThat(server.duplicates(table)).isEqualTo(2);
            assertThat(server.streams())
                    .extracting(StreamStatistics::duplicates)
                    .containsExactly(0L, 2L);
            assertThat(server.recordCount(table)).isEqualTo(6);
        }
    }

    @Test
    void benchmarkModeCountsWithoutStoringAndChecksTheFirstByte() throws Exception {
        try (ZerobusTestServer server =
                ZerobusTestServer.builder().benchmarkMode(true).build().start()) {
            ManagedChannel channel = TestChannels.open(server);
            String table = "main.bench.events";
            try {
                try (RawStream stream = RawStream.json(server, channel, table)) {
                    stream.send(RawStream.jsonRecord(0, "{\"a\":1}"));
                    stream.send(RawStream.jsonBatch(1, List.of("{}", "{}")));
                    stream.awaitAck(1);
                    stream.send(RawStream.jsonRecord(2, "[not an object]"));
                    Status status = stream.awaitEnd();
                    assertThat(status.getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(status.getDescription()).contains("offset 2: not a JSON object");
                }
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThat(server.recordCount(table)).isEqualTo(3);
            assertThat(server.awaitRecordCount(table, 3, Duration.ofSeconds(1))).isEqualTo(3);
            assertThat(server.records(table)).isEmpty();
            assertThatThrownBy(() -> server.awaitRecords(table, 1, Duration.ofMillis(10)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("benchmark mode");
        }
    }

    @Test
    void awaitRecordsTimesOutWithWhatItSawAndClearForgetsEverything() throws Exception {
        try (ZerobusTestServer server = ZerobusTestServer.builder().build().start()) {
            ManagedChannel channel = TestChannels.open(server);
            String table = "main.wait.events";
            try (RawStream stream = RawStream.json(server, channel, table)) {
                stream.send(RawStream.jsonRecord(0, "{\"n\":1}"));
                stream.awaitAck(0);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThatThrownBy(() -> server.awaitRecords(table, 2, Duration.ofMillis(50)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("expected at least 2 records in " + table)
                    .hasMessageContaining("saw 1")
                    .hasMessageContaining("{\"n\":1}");
            assertThat(server.streamCreations()).isEqualTo(1);

            server.clear();
            assertThat(server.records(table)).isEmpty();
            assertThat(server.recordCount(table)).isZero();
            assertThat(server.streamCreations()).isZero();
            assertThat(server.streams()).isEmpty();
            assertThat(server.tokenRequests()).isZero();
        }
    }

    @Test
    void secretsStayOutOfToString() {
        try (ZerobusTestServer server = ZerobusTestServer.builder().build().start()) {
            assertThat(server.toString()).doesNotContain(server.clientSecret()).contains(server.endpoint());
        }
    }
}
