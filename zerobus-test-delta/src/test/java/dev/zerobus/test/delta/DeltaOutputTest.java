package dev.zerobus.test.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.client.RecordAck;
import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import dev.zerobus.test.ZerobusTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.LongStream;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records ingested through the real client (JSON and PROTO streams into one declared table, then a second server on
 * the same directory) end up as rows of a real Delta table: read back with Delta Kernel's scan and with an independent
 * reader (the log parsed by hand, the files by parquet-hadoop), every acked record is there exactly once, with its
 * values and types, each stream's rows in ack order.
 */
class DeltaOutputTest {

    static final String TABLE = "main.iot.readings";

    @TempDir
    Path directory;

    @Test
    void ackedRecordsOfJsonAndProtoStreamsAcrossARestartAreRowsOfTheDeltaTable() throws Exception {
        ConcurrentLinkedQueue<Long> acked = new ConcurrentLinkedQueue<>();
        Path tablePath;
        try (ZerobusTestServer server = server()) {
            tablePath = server.deltaTablePath(TABLE);
            ingest(server, LongStream.range(0, 150), LongStream.range(1000, 1150), acked);
        }
        long commitsBeforeRestart = ParquetLogReader.read(tablePath).commits();
        try (ZerobusTestServer restarted = server()) {
            assertThat(KernelTableReader.read(tablePath))
                    .as("the table is opened, not re-created")
                    .hasSize(300);
            ingest(restarted, LongStream.range(2000, 2100), LongStream.range(3000, 3100), acked);
        }

        List<Reading> expected = acked.stream().sorted().map(Reading::of).toList();
        assertThat(expected).hasSize(500);

        List<Reading> kernel = new ArrayList<>(KernelTableReader.read(tablePath));
        kernel.sort(Comparator.comparingLong(Reading::seq));
        assertThat(kernel).containsExactlyElementsOf(expected);

        ParquetLogReader.Contents independent = ParquetLogReader.read(tablePath);
        assertThat(independent.rows()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(independent.commits()).isGreaterThan(commitsBeforeRestart);
        for (long[] range : new long[][] {{0, 2100}, {1000, 3100}}) {
            // Each stream's rows (JSON: seq < 1000 or 2000..2099; PROTO: the rest) appear in the order they were acked.
            List<Long> streamOrder = independent.rows().stream()
                    .map(Reading::seq)
                    .filter(seq -> (seq / 1000) % 2 == range[0] / 1000)
                    .toList();
            assertThat(streamOrder).isSorted();
        }
        assertThat(independent.schemaString())
                .contains("\"name\":\"ts\",\"type\":\"timestamp\",\"nullable\":false")
                .contains("\"name\":\"local_ts\",\"type\":\"timestamp_ntz\"")
                .contains("\"type\":\"decimal(10,2)\"")
                .contains("\"name\":\"extra\",\"type\":\"string\"");
        MessageType parquet = independent.fileSchemas().get(0);
        assertThat(parquet.getType("ts").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
        assertThat(parquet.getType("local_ts").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.timestampType(false, LogicalTypeAnnotation.TimeUnit.MICROS));
        assertThat(parquet.getType("day").getLogicalTypeAnnotation()).isEqualTo(LogicalTypeAnnotation.dateType());
        assertThat(parquet.getType("price").getLogicalTypeAnnotation())
                .isEqualTo(LogicalTypeAnnotation.decimalType(2, 10));
    }

    @Test
    void anAckMeansTheRowIsAlreadyCommitted() throws Exception {
        try (ZerobusTestServer server = server();
                ZerobusSdk sdk = sdk(server);
                ZerobusStream stream = sdk.createStream(
                        TableProperties.json(TABLE),
                        server.clientId(),
                        server.clientSecret(),
                        StreamConfigurationOptions.defaults())) {
            stream.ingestRecord(Reading.of(42).json()).await();
            // No flush, no close: the ack alone must mean the row is in the table.
            assertThat(KernelTableReader.read(server.deltaTablePath(TABLE))).containsExactly(Reading.of(42));
        }
    }

    private ZerobusTestServer server() {
        return ZerobusTestServer.builder()
                .table(TABLE, Reading.SCHEMA)
                .strictTables(true)
                .deltaDirectory(directory)
                .commitInterval(Duration.ofMillis(100))
                .build()
                .start();
    }

    private static ZerobusSdk sdk(ZerobusTestServer server) {
        return ZerobusSdk.builder()
                .endpoint(server.endpoint())
                .workspaceUrl(server.workspaceUrl())
                .build();
    }

    /** JSON records one by one and in batches of 10 on one stream, PROTO records likewise on another. */
    private static void ingest(
            ZerobusTestServer server, LongStream jsonSeqs, LongStream protoSeqs, ConcurrentLinkedQueue<Long> acked) {
        try (ZerobusSdk sdk = sdk(server);
                ZerobusStream json = sdk.createStream(
                        TableProperties.json(TABLE),
                        server.clientId(),
                        server.clientSecret(),
                        StreamConfigurationOptions.defaults());
                ZerobusStream proto = sdk.createStream(
                        TableProperties.proto(TABLE, Reading.DESCRIPTOR),
                        server.clientId(),
                        server.clientSecret(),
                        StreamConfigurationOptions.defaults())) {
            List<Long> jsonList = jsonSeqs.boxed().toList();
            List<Long> protoList = protoSeqs.boxed().toList();
            for (int i = 0; i < jsonList.size(); i += 10) {
                List<Long> jsonChunk = jsonList.subList(i, Math.min(i + 10, jsonList.size()));
                List<Long> protoChunk = protoList.subList(i, Math.min(i + 10, protoList.size()));
                if ((i / 10) % 2 == 0) {
                    for (int k = 0; k < jsonChunk.size(); k++) {
                        track(json.ingestRecord(Reading.of(jsonChunk.get(k)).json()), List.of(jsonChunk.get(k)), acked);
                        track(
                                proto.ingestRecord(Reading.of(protoChunk.get(k)).proto()),
                                List.of(protoChunk.get(k)),
                                acked);
                    }
                } else {
                    track(
                            json.ingestJsonBatch(jsonChunk.stream()
                                    .map(s -> Reading.of(s).json())
                                    .toList()),
                            jsonChunk,
                            acked);
                    track(
                            proto.ingestProtoBatch(protoChunk.stream()
                                    .map(s -> Reading.of(s).proto())
                                    .toList()),
                            protoChunk,
                            acked);
                }
            }
            json.flush();
            proto.flush();
        }
    }

    private static void track(RecordAck ack, List<Long> seqs, ConcurrentLinkedQueue<Long> acked) {
        ack.future().thenRun(() -> acked.addAll(seqs));
    }
}
