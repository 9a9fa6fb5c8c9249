package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.UnknownFieldSet;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.RecordType;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-request checks of ingest (run in plaintext and TLS subclasses). */
abstract class IngestCheckTests extends ServerTestSupport {

    @Test
    void recordsAreStoredInOrderAndAckedCumulatively() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            for (int i = 0; i < 50; i++) {
                stream.send(RawStream.jsonRecord(i, "{\"i\":" + i + "}"));
            }
            stream.send(RawStream.jsonBatch(50, List.of("{\"i\":50}", "{\"i\":51}", "{\"i\":52}")));
            stream.awaitAck(50);
        }
        List<IngestedRecord> stored = server().records(table);
        assertThat(stored).hasSize(53);
        for (int i = 0; i < 50; i++) {
            assertThat(stored.get(i).json()).isEqualTo("{\"i\":" + i + "}");
            assertThat(stored.get(i).offset()).isEqualTo(i);
        }
        assertThat(stored.subList(50, 53))
                .extracting(IngestedRecord::offset, IngestedRecord::indexInRequest)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(50L, 0),
                        org.assertj.core.groups.Tuple.tuple(50L, 1),
                        org.assertj.core.groups.Tuple.tuple(50L, 2));
        assertThat(server().recordCount(table)).isEqualTo(53);
        assertThat(server().streams())
                .filteredOn(s -> s.table().equals(table))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.requests()).isEqualTo(51);
                    assertThat(s.records()).isEqualTo(53);
                    assertThat(s.bytes())
                            .isEqualTo(stored.stream()
                                    .mapToLong(IngestedRecord::size)
                                    .sum());
                    assertThat(s.ackedUpTo()).isEqualTo(50);
                });
    }

    @Test
    void offsetsStartAtZero() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(1, "{}"));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 1 out of order: expected 0");
        }
        assertThat(server().records(table)).isEmpty();
    }

    @Test
    void offsetsGrowByOnePerRequest() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.send(RawStream.jsonRecord(1, "{}"));
            stream.send(RawStream.jsonRecord(3, "{}"));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 3 out of order: expected 2");
        }
        assertThat(server().records(table)).hasSize(2);
    }

    @Test
    void offsetsRestartAtZeroOnEveryStream() {
        String table = newTable();
        for (int round = 0; round < 2; round++) {
            try (RawStream stream = RawStream.json(server(), channel, table)) {
                stream.send(RawStream.jsonRecord(0, "{}"));
                stream.awaitAck(0);
            }
        }
        assertThat(server().records(table)).extracting(IngestedRecord::offset).containsExactly(0L, 0L);
    }

    @Test
    void offsetIsRequired() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(EphemeralStreamRequest.newBuilder()
                    .setIngestRecord(IngestRecordRequest.newBuilder().setJsonRecord("{}"))
                    .build());
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "without offset_id");
        }
    }

    @Test
    void jsonRecordsMustBeSingleJsonObjects() {
        Map<String, String> invalid = Map.of(
                "[1,2]", "not a JSON object",
                "42", "not a JSON object",
                "", "not a JSON object",
                "{\"a\":", "not valid JSON",
                "{\"a\":1} {\"b\":2}", "content after the JSON object",
                "{\"a\":1,\"a\":2}", "not valid JSON",
                "{a:1}", "not valid JSON");
        invalid.forEach((json, reason) -> {
            String table = newTable();
            try (RawStream stream = RawStream.json(server(), channel, table)) {
                stream.send(RawStream.jsonRecord(0, "{\"ok\":true}"));
                stream.send(RawStream.jsonRecord(1, json));
                Status status = stream.awaitEnd();
                assertThat(status.getCode()).as(json).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(status.getDescription())
                        .as(json)
                        .startsWith("offset 1: ")
                        .contains(reason);
            }
            assertThat(server().records(table)).hasSize(1);
        });
    }

    @Test
    void aBadRecordInABatchIsNamedAndNothingOfTheBatchIsStored() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonBatch(0, List.of("{}", "{}", "nope")));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 0, record 2 of the batch: not valid JSON");
        }
        assertThat(server().records(table)).isEmpty();
    }

    @Test
    void emptyBatchesAndRequestsWithoutRecordsAreRefused() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonBatch(0, List.of()));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "empty batch");
        }
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(EphemeralStreamRequest.newBuilder()
                    .setIngestRecordBatch(IngestRecordBatchRequest.newBuilder().setOffsetId(0))
                    .build());
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "has no batch");
        }
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(EphemeralStreamRequest.newBuilder()
                    .setIngestRecord(IngestRecordRequest.newBuilder().setOffsetId(0))
                    .build());
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "has no record");
        }
    }

    @Test
    void recordKindMustMatchTheStream() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.protoRecord(0, new byte[] {8, 1}));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 0: PROTO record on a JSON stream");
        }
        try (RawStream stream = protoStream(table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 0: JSON record on a PROTO stream");
        }
    }

    @Test
    void protoRecordsMustParseAgainstTheDescriptor() {
        String table = newTable();
        try (RawStream stream = protoStream(table)) {
            stream.send(
                    RawStream.protoRecord(0, TestDescriptors.reading("a", 1, 2).toByteArray()));
            stream.send(RawStream.protoRecord(1, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff}));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 1: does not parse as");
        }
        assertThat(server().records(table)).hasSize(1);
    }

    @Test
    void protoRecordsWithUnknownFieldsAreRefused() {
        String table = newTable();
        byte[] withUnknownField = TestDescriptors.reading("a", 1, 2).toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder()
                        .addField(
                                99,
                                UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                        .build())
                .build()
                .toByteArray();
        try (RawStream stream = protoStream(table)) {
            stream.send(RawStream.protoBatch(0, List.of(withUnknownField)));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 0, record 0 of the batch: unknown field");
        }
    }

    @Test
    void requestsOverTenMebibytesAreRefusedAndExactlyTenAreAccepted() {
        String table = newTable();
        int limit = 10 * 1024 * 1024;
        String exactlyTen = jsonOfSize(limit);
        String oneMore = jsonOfSize(limit + 1);
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, exactlyTen));
            stream.awaitAck(0);
            stream.send(RawStream.jsonRecord(1, oneMore));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 1: request carries 10485761 bytes");
        }
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            String half = jsonOfSize(limit / 2);
            stream.send(RawStream.jsonBatch(0, List.of(half, half, "{}")));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "over the limit of 10485760 bytes");
        }
        assertThat(server().records(table)).hasSize(1);
        assertThat(server().records(table).get(0).size()).isEqualTo(limit);
    }

    private RawStream protoStream(String table) {
        RawStream stream = RawStream.open(channel, server().issueToken(table), table);
        stream.send(RawStream.create(
                table,
                RecordType.PROTO,
                TestDescriptors.SENSOR_READING.toProto().toByteString()));
        stream.awaitStreamId();
        return stream;
    }

    private static String jsonOfSize(int bytes) {
        String prefix = "{\"pad\":\"";
        String suffix = "\"}";
        return prefix + "x".repeat(bytes - prefix.length() - suffix.length()) + suffix;
    }
}
