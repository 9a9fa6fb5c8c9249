package dev.zerobus.test.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.proto.IngestRecordRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Declaring schemas (code, CREATE TABLE column lists, JSON files) and the protobuf tooling around them. */
class TableSchemaTest {

    static final String DDL = "device_id STRING NOT NULL, ts TIMESTAMP NOT NULL, temp DOUBLE, price DECIMAL(10,2),"
            + " location STRUCT<lat: DOUBLE NOT NULL, site: STRING>, tags ARRAY<STRING NOT NULL>,"
            + " attrs MAP<STRING, BIGINT>, extra VARIANT";

    @Test
    void theSameSchemaDeclaredInCodeInSqlAndInJson(@TempDir Path dir) throws Exception {
        TableSchema inCode = TableSchema.of(
                Column.notNull("device_id", DeltaType.STRING),
                Column.notNull("ts", DeltaType.TIMESTAMP),
                Column.of("temp", DeltaType.DOUBLE),
                Column.of("price", DeltaType.decimal(10, 2)),
                Column.of(
                        "location",
                        DeltaType.struct(Column.notNull("lat", DeltaType.DOUBLE), Column.of("site", DeltaType.STRING))),
                Column.of("tags", new DeltaType.Array(DeltaType.STRING, false)),
                Column.of("attrs", DeltaType.map(DeltaType.STRING, DeltaType.LONG)),
                Column.of("extra", DeltaType.VARIANT));
        Path json = dir.resolve("readings.json");
        Files.writeString(
                json,
                """
                {"columns": [
                  {"name": "device_id", "type": "STRING", "nullable": false},
                  {"name": "ts", "type": "timestamp", "nullable": false, "comment": "microseconds"},
                  {"name": "temp", "type": "DOUBLE"},
                  {"name": "price", "type": "DECIMAL(10, 2)"},
                  {"name": "location", "type": "STRUCT<lat: DOUBLE NOT NULL, site STRING>"},
                  {"name": "tags", "type": "ARRAY<STRING NOT NULL>"},
                  {"name": "attrs", "type": "MAP<STRING, LONG>"},
                  {"name": "extra", "type": "VARIANT"}
                ]}
                """);
        assertThat(TableSchema.parse(DDL)).isEqualTo(inCode);
        assertThat(TableSchema.load(json)).isEqualTo(inCode);
        assertThat(TableSchema.parse(inCode.sql())).isEqualTo(inCode);
        assertThat(inCode.sql()).isEqualTo(DDL.replace("DECIMAL(10,2)", "DECIMAL(10,2)"));
    }

    @Test
    void badDeclarationsSayWhatIsWrong() {
        assertThatThrownBy(() -> TableSchema.parse("a INT, b INTEGR")).hasMessageContaining("unknown type 'INTEGR'");
        assertThatThrownBy(() -> TableSchema.parse("a INT, A STRING"))
                .hasMessageContaining("duplicate column name in table: a and A");
        assertThatThrownBy(() -> TableSchema.parse("a DECIMAL(40,2)")).hasMessageContaining("precision must be 1..38");
        assertThatThrownBy(() -> TableSchema.fromJson("{\"columns\":[{\"name\":\"a\",\"typ\":\"INT\"}]}"))
                .hasMessageContaining("unknown column property 'typ'");
        assertThatThrownBy(() -> TableSchema.parse("a ARRAY<INT")).hasMessageContaining("expected '>'");
    }

    @Test
    void theGeneratedMessageFitsItsSchemaAndPrintsAsProto2() {
        TableSchema schema = TableSchema.parse(DDL);
        assertThat(ProtoSchemas.problems(ProtoSchemas.descriptor(schema, "Reading"), schema))
                .isEmpty();
        assertThat(ProtoSchemas.protoFile(schema, "dev.example", "Reading"))
                .isEqualTo(
                        """
                        syntax = "proto2";

                        package dev.example;

                        message Reading {
                          required string device_id = 1;
                          required int64 ts = 2;
                          optional double temp = 3;
                          optional string price = 4;
                          optional Location location = 5;
                          repeated string tags = 6;
                          map<string, int64> attrs = 7;
                          optional string extra = 8;

                          message Location {
                            required double lat = 1;
                            optional string site = 2;
                          }
                        }
                        """);
    }

    @Test
    void aGeneratedMessageClassIsCheckedAgainstASchema() {
        ProtoSchemas.assertCompatible(
                IngestRecordRequest.class,
                TableSchema.parse("offset_id BIGINT, proto_encoded_record BINARY, json_record STRING"));
        assertThatThrownBy(() -> ProtoSchemas.assertCompatible(
                        IngestRecordRequest.class,
                        TableSchema.parse("offset_id INT, json_record STRING, id INT NOT NULL")))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "field 'offset_id' is optional int64 = 1 but column 'offset_id' is INT: needs int32")
                .hasMessageContaining("field 'proto_encoded_record' (optional bytes = 2) has no column in the table")
                .hasMessageContaining("column 'id' (INT) is NOT NULL but databricks.zerobus.IngestRecordRequest has no"
                        + " field for it");
    }
}
