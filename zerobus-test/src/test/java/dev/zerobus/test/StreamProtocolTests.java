package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.RecordType;
import io.grpc.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** create_stream and the stream life cycle, through the generated stub (run in plaintext and TLS subclasses). */
abstract class StreamProtocolTests extends ServerTestSupport {

    @Test
    void responseHeadersArriveBeforeTheClientSendsAnything() throws Exception {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            assertThat(stream.responseHeaders.get(RawStream.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS))
                    .isNotNull();
            assertThat(stream.end).isNotDone();
        }
    }

    @Test
    void createJsonStreamAnswersAStreamId() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            String streamId = stream.awaitStreamId();
            assertThat(server().streams()).anySatisfy(s -> {
                assertThat(s.streamId()).isEqualTo(streamId);
                assertThat(s.table()).isEqualTo(table);
                assertThat(s.recordType()).isEqualTo(RecordType.JSON);
                assertThat(s.open()).isTrue();
            });
        }
    }

    @Test
    void createProtoStreamBuildsTheDescriptorAndStoresRecords() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(
                    table,
                    RecordType.PROTO,
                    TestDescriptors.SENSOR_READING.toProto().toByteString()));
            stream.awaitStreamId();
            byte[] record = TestDescriptors.reading("d-1", 42, 1.5).toByteArray();
            stream.send(RawStream.protoRecord(0, record));
            stream.send(RawStream.protoBatch(1, List.of(record, record)));
            stream.awaitAck(1);
        }
        List<IngestedRecord> stored = server().records(table);
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0).isJson()).isFalse();
        assertThat(stored.get(0).proto())
                .isEqualTo(TestDescriptors.reading("d-1", 42, 1.5).toByteArray());
    }

    @Test
    void ingestBeforeCreateStreamIsRefused() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "before create_stream");
        }
    }

    @Test
    void emptyRequestIsRefused() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(EphemeralStreamRequest.getDefaultInstance());
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "no payload");
        }
    }

    @Test
    void tableNamesNeedThreeNonEmptyParts() {
        String table = newTable();
        for (String invalid : List.of("main.tests", "main..t", "main.tests.t.x", ".tests.t", "")) {
            try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
                stream.send(RawStream.create(invalid, RecordType.JSON, null));
                Status status = stream.awaitEnd();
                assertThat(status.getCode()).as(invalid).isEqualTo(Status.Code.INVALID_ARGUMENT);
                assertThat(status.getDescription()).contains("table name");
            }
        }
    }

    @Test
    void createStreamTableMustMatchTheHeader() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create("main.tests.other", RecordType.JSON, null));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "does not match header");
        }
    }

    @Test
    void recordTypeMustBeSet() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.RECORD_TYPE_UNSPECIFIED, null));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "record_type");
        }
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, null, null));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "record_type");
        }
    }

    @Test
    void protoStreamNeedsAParseableSelfContainedDescriptor() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.PROTO, null));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "needs descriptor_proto");
        }
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.PROTO, ByteString.copyFromUtf8("\u00ff\u00ffgarbage")));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "descriptor_proto");
        }
        // refers to a message type that is not inside the descriptor
        ByteString notSelfContained = TestDescriptors.SENSOR_READING.toProto().toBuilder()
                .clearNestedType()
                .build()
                .toByteString();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.PROTO, notSelfContained));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "not self-contained");
        }
    }

    @Test
    void createStreamTwiceIsRefused() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "twice");
        }
    }

    @Test
    void halfCloseGetsTheLastAckAndAnOkStatus() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{\"a\":1}"));
            stream.halfClose();
            stream.awaitAck(0);
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        }
        assertThat(server().streams())
                .filteredOn(s -> s.table().equals(table))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.open()).isFalse();
                    assertThat(s.endStatus().getCode()).isEqualTo(Status.Code.OK);
                });
    }

    @Test
    void clientCancellationEndsTheStream() {
        String table = newTable();
        RawStream stream = RawStream.json(server(), channel, table);
        stream.close();
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(server().streams())
                        .filteredOn(s -> s.table().equals(table))
                        .singleElement()
                        .satisfies(s -> {
                            assertThat(s.open()).isFalse();
                            assertThat(s.endStatus().getCode()).isEqualTo(Status.Code.CANCELLED);
                        }));
    }
}
