package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.table.ProtoSchemas;
import dev.zerobus.test.table.TableSchema;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Records against a declared table over real gRPC, with the service's rules: each rule with a JSON record and, where
 * protobuf has the case, a PROTO record, accepted and refused, and the message naming record, column and rule.
 */
class TableSchemaRuleTests {

    static final String TABLE = "main.iot.readings";

    static final TableSchema SCHEMA = TableSchema.parse("device_id STRING NOT NULL, ts TIMESTAMP NOT NULL,"
            + " temp DOUBLE, count INT, level TINYINT, price DECIMAL(10,2), payload BINARY, day DATE, ok BOOLEAN,"
            + " location STRUCT<lat: DOUBLE NOT NULL, site: STRING>, tags ARRAY<STRING>, attrs MAP<STRING, INT>,"
            + " extra VARIANT");

    static ZerobusTestServer server;
    static ManagedChannel channel;

    @BeforeAll
    static void start() {
        server = ZerobusTestServer.builder()
                .table(TABLE, SCHEMA)
                .strictTables(true)
                .build()
                .start();
        channel = TestChannels.open(server);
    }

    @AfterAll
    static void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        server.close();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"device_id\":\"d1\",\"ts\":1700000000000000,\"temp\":21.5,\"count\":3,\"level\":-128,"
                        + "\"price\":\"12.30\",\"payload\":\"AAEC\",\"day\":19700,\"ok\":true,"
                        + "\"location\":{\"lat\":52.1,\"site\":\"plant-1\"},\"tags\":[\"a\",null],"
                        + "\"attrs\":{\"x\":1},\"extra\":{\"any\":[1,\"two\"]}}",
                "{\"device_id\":\"d1\",\"ts\":0}",
                "{\"device_id\":\"d1\",\"ts\":0,\"temp\":21,\"price\":\"7\",\"location\":null,\"extra\":42}",
            })
    void jsonRecordsThatFitTheTableAreAcked(String json) {
        try (RawStream stream = RawStream.json(server, channel, TABLE)) {
            stream.send(RawStream.jsonRecord(0, json));
            stream.awaitAck(0);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "{'device_id':'d','ts':0,'colour':'red'}"
                        + "| unknown field 'colour': table main.iot.readings has no such column",
                "{'device_id':'d','ts':0,'Temp':1.0}| unknown field 'Temp': table main.iot.readings has no such column"
                        + " (column names are matched exactly; did you mean 'temp'?)",
                "{'device_id':'d','ts':0,'location':{'lat':1,'alt':2}}"
                        + "| unknown field 'location.alt': the STRUCT has no such column",
                "{'ts':0}| column 'device_id' (STRING): NOT NULL column missing from the record",
                "{'device_id':null,'ts':0}| column 'device_id' (STRING): NOT NULL but the record has null",
                "{'device_id':'d','ts':0,'location':{'site':'x'}}"
                        + "| column 'location.lat' (DOUBLE): NOT NULL column missing from the record",
                "{'device_id':'d','ts':0,'temp':'21.5'}| column 'temp' (DOUBLE): expected a JSON number, found a string",
                "{'device_id':'d','ts':0,'count':1.5}| column 'count' (INT): expected an integer, found a decimal number",
                "{'device_id':'d','ts':0,'level':128}| column 'level' (TINYINT): 128 is out of the range of TINYINT",
                "{'device_id':'d','ts':'2024-01-01T00:00:00Z'}| column 'ts' (TIMESTAMP): expected an integer number of"
                        + " microseconds since the epoch, found a string",
                "{'device_id':'d','ts':0,'day':'2024-01-01'}"
                        + "| column 'day' (DATE): expected an integer number of days since 1970-01-01, found a string",
                "{'device_id':'d','ts':0,'price':12.3}"
                        + "| column 'price' (DECIMAL(10,2)): expected a JSON string holding the decimal",
                "{'device_id':'d','ts':0,'price':'1.234'}"
                        + "| column 'price' (DECIMAL(10,2)): 1.234 has more than 2 digits after the decimal point",
                "{'device_id':'d','ts':0,'price':'123456789'}"
                        + "| column 'price' (DECIMAL(10,2)): 123456789 has more than 8 digits before the decimal point",
                "{'device_id':'d','ts':0,'payload':'not base64!'}| column 'payload' (BINARY): not valid base64",
                "{'device_id':'d','ts':0,'ok':'true'}| column 'ok' (BOOLEAN): expected true or false, found a string",
                "{'device_id':7,'ts':0}| column 'device_id' (STRING): expected a JSON string, found an integer",
                "{'device_id':'d','ts':0,'location':[1]}"
                        + "| column 'location' (STRUCT<lat: DOUBLE NOT NULL, site: STRING>): expected a JSON object",
                "{'device_id':'d','ts':0,'tags':['a',2]}| column 'tags[1]' (STRING): expected a JSON string",
                "{'device_id':'d','ts':0,'tags':'a'}| column 'tags' (ARRAY<STRING>): expected a JSON array",
                "{'device_id':'d','ts':0,'attrs':{'x':'1'}}| column 'attrs['x']' (INT): expected an integer",
                "[1,2]| not a JSON object (starts with [)",
            })
    void jsonRecordsThatBreakARuleEndTheStreamNamingColumnAndRule(String json, String message) {
        try (RawStream stream = RawStream.json(server, channel, TABLE)) {
            stream.send(RawStream.jsonRecord(0, "{\"device_id\":\"ok\",\"ts\":1}"));
            stream.send(RawStream.jsonBatch(
                    1, java.util.List.of("{\"device_id\":\"ok\",\"ts\":2}", json.replace('\'', '"'))));
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "offset 1, record 1 of the batch: " + message);
        }
        assertThat(server.records(TABLE)).noneMatch(r -> r.isJson() && r.json().contains("\"ts\":2"));
    }

    @Test
    void protoRecordsOfTheGeneratedMessageAreAcked() {
        Descriptor reading = ProtoSchemas.descriptor(SCHEMA, "Reading");
        Descriptor location = reading.findNestedTypeByName("Location");
        DynamicMessage message = DynamicMessage.newBuilder(reading)
                .setField(reading.findFieldByName("device_id"), "d1")
                .setField(reading.findFieldByName("ts"), 1_700_000_000_000_000L)
                .setField(reading.findFieldByName("level"), -5)
                .setField(reading.findFieldByName("price"), "3.10")
                .setField(reading.findFieldByName("extra"), "{\"a\":1}")
                .setField(
                        reading.findFieldByName("location"),
                        DynamicMessage.newBuilder(location)
                                .setField(location.findFieldByName("lat"), 1.5)
                                .build())
                .addRepeatedField(reading.findFieldByName("tags"), "t")
                .build();
        String table = TABLE;
        try (RawStream stream = protoStream(table, reading.toProto())) {
            stream.awaitStreamId();
            stream.send(RawStream.protoRecord(0, message.toByteArray()));
            stream.awaitAck(0);
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "temp:string| field 'temp' is optional string = 3 but column 'temp' is DOUBLE: needs double",
                "colour:string| field 'colour' (optional string = 14) has no column in the table",
                "tags:int64| field 'tags' is repeated int64 = 11 but column 'tags' is ARRAY<STRING>: elements need string",
                "count:int64| field 'count' is optional int64 = 4 but column 'count' is INT: needs int32",
                "-ts| column 'ts' (TIMESTAMP) is NOT NULL but Reading has no field for it",
            })
    void protoDescriptorsThatDoNotFitAreRefusedAtCreateStream(String change, String message) {
        DescriptorProto.Builder descriptor = ProtoSchemas.descriptorProto(SCHEMA, "Reading").toBuilder();
        String name = change.replace("-", "").split(":")[0];
        if (change.startsWith("-")) {
            descriptor.removeField(indexOf(descriptor, name));
        } else {
            FieldDescriptorProto.Type type =
                    FieldDescriptorProto.Type.valueOf("TYPE_" + change.split(":")[1].toUpperCase());
            int index = indexOf(descriptor, name);
            if (index < 0) {
                descriptor.addField(FieldDescriptorProto.newBuilder()
                        .setName(name)
                        .setNumber(14)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                        .setType(type));
            } else {
                descriptor.setField(
                        index, descriptor.getField(index).toBuilder().setType(type));
            }
        }
        try (RawStream stream = protoStream(TABLE, descriptor.build())) {
            assertEndsWith(
                    stream,
                    Status.Code.INVALID_ARGUMENT,
                    "descriptor_proto Reading does not match table main.iot.readings: " + message);
        }
    }

    @Test
    void protoRecordsWithoutANotNullFieldOrOutOfRangeAreRefused() {
        // A hand-written message with every field optional, as the protocol recommends (proto2 optional).
        DescriptorProto.Builder descriptor = ProtoSchemas.descriptorProto(SCHEMA, "Reading").toBuilder();
        for (int i = 0; i < descriptor.getFieldCount(); i++) {
            if (descriptor.getField(i).getLabel() == FieldDescriptorProto.Label.LABEL_REQUIRED) {
                descriptor.setField(
                        i, descriptor.getField(i).toBuilder().setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL));
            }
        }
        Descriptor reading = StreamDescriptors.build(descriptor.build().toByteString());
        byte[] withoutDevice = DynamicMessage.newBuilder(reading)
                .setField(reading.findFieldByName("ts"), 5L)
                .build()
                .toByteArray();
        try (RawStream stream = protoStream(TABLE, descriptor.build())) {
            stream.awaitStreamId();
            stream.send(RawStream.protoRecord(0, withoutDevice));
            assertEndsWith(
                    stream,
                    Status.Code.INVALID_ARGUMENT,
                    "offset 0: column 'device_id' (STRING): NOT NULL but field device_id = 1 is not set in the record");
        }
        byte[] levelTooHigh = DynamicMessage.newBuilder(reading)
                .setField(reading.findFieldByName("device_id"), "d")
                .setField(reading.findFieldByName("ts"), 5L)
                .setField(reading.findFieldByName("level"), 300)
                .build()
                .toByteArray();
        try (RawStream stream = protoStream(TABLE, descriptor.build())) {
            stream.awaitStreamId();
            stream.send(RawStream.protoRecord(0, levelTooHigh));
            assertEndsWith(
                    stream,
                    Status.Code.INVALID_ARGUMENT,
                    "offset 0: column 'level' (TINYINT): 300 is out of the range of TINYINT");
        }
    }

    @Test
    void strictModeRefusesStreamsToUndeclaredTablesWithNotFound() {
        String table = "main.iot.unknown";
        try (RawStream stream = RawStream.open(channel, server.issueToken(table), table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            assertEndsWith(
                    stream,
                    Status.Code.NOT_FOUND,
                    "table main.iot.unknown does not exist (this test server is strict; it declares main.iot.readings)");
        }
    }

    @Test
    void withoutStrictModeUndeclaredTablesTakeAnyJsonObject() {
        try (ZerobusTestServer lenient =
                ZerobusTestServer.builder().table(TABLE, SCHEMA).build().start()) {
            ManagedChannel lenientChannel = TestChannels.open(lenient);
            try (RawStream stream = RawStream.json(lenient, lenientChannel, "main.iot.other")) {
                stream.send(RawStream.jsonRecord(0, "{\"anything\":[1]}"));
                stream.awaitAck(0);
            }
            try (RawStream stream = RawStream.json(lenient, lenientChannel, TABLE)) {
                stream.send(RawStream.jsonRecord(0, "{\"anything\":[1]}"));
                assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "unknown field 'anything'");
            } finally {
                lenientChannel.shutdownNow();
            }
        }
    }

    @Test
    void deltaOutputWithoutTheDeltaModuleFailsAtBuildNamingTheModule() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> ZerobusTestServer.builder()
                        .table(TABLE, SCHEMA)
                        .deltaDirectory(java.nio.file.Path.of("target", "never-written"))
                        .build())
                .withMessageContaining("add dev.zerobus:zerobus-test-delta");
    }

    private static RawStream protoStream(String table, DescriptorProto descriptor) {
        RawStream stream = RawStream.open(channel, server.issueToken(table), table);
        stream.send(RawStream.create(table, RecordType.PROTO, ByteString.copyFrom(descriptor.toByteArray())));
        return stream;
    }

    private static int indexOf(DescriptorProto.Builder descriptor, String name) {
        for (int i = 0; i < descriptor.getFieldCount(); i++) {
            if (descriptor.getField(i).getName().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private static void assertEndsWith(RawStream stream, Status.Code code, String descriptionPart) {
        ServerTestSupport.assertEndsWith(stream, code, descriptionPart);
    }
}
