package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class TablePropertiesTest {

    @Test
    void jsonTableKeepsNameAndType() {
        TableProperties table = TableProperties.json("main.sensors.readings");

        assertThat(table.tableName()).isEqualTo("main.sensors.readings");
        assertThat(table.recordType()).isEqualTo(RecordType.JSON);
        assertThat(table.descriptorProto()).isNull();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "readings", "sensors.readings", "a.b.c.d", ".b.c", "a..c", "a.b.", "a. .c"})
    void badTableNamesAreRejectedWithATypedError(String name) {
        assertThatThrownBy(() -> TableProperties.json(name)).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
            assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_TABLE_NAME);
            assertThat(ex.isRetryable()).isFalse();
            assertThat(ex.getMessage()).contains("catalog.schema.table");
        });
        assertThatThrownBy(() -> TableProperties.proto(name, SensorDescriptors.READING))
                .isInstanceOf(ZerobusException.class);
    }

    @Test
    void descriptorIsSelfContainedWithForeignTypesFoldedIn() throws Exception {
        TableProperties table = TableProperties.proto("main.sensors.readings", SensorDescriptors.READING);
        DescriptorProto proto = DescriptorProto.parseFrom(table.descriptorProto());

        assertThat(table.recordType()).isEqualTo(RecordType.PROTO);
        assertThat(proto.getName()).isEqualTo("Reading");
        assertThat(proto.getNestedTypeList().stream().map(DescriptorProto::getName))
                .containsExactly("Location", "Calibration", "Calibration_2", "Timestamp", "Tag");
        assertThat(proto.getEnumTypeList()).singleElement().satisfies((e) -> assertThat(e.getName())
                .isEqualTo("Unit"));
        assertThat(proto.getFieldList().stream()
                        .collect(Collectors.toMap(FieldDescriptorProto::getName, FieldDescriptorProto::getTypeName)))
                .containsEntry("location", ".dev.acme.sensor.Reading.Location")
                .containsEntry("calibration", ".dev.acme.sensor.Reading.Calibration_2")
                .containsEntry("local_calibration", ".dev.acme.sensor.Reading.Calibration")
                .containsEntry("taken_at", ".dev.acme.sensor.Reading.Timestamp")
                .containsEntry("unit", ".dev.acme.sensor.Reading.Unit")
                .containsEntry("tags", ".dev.acme.sensor.Reading.Tag");
        // the folded Calibration's own enum reference was rewritten too
        assertThat(proto.getNestedType(2).getField(1).getTypeName()).isEqualTo(".dev.acme.sensor.Reading.Unit");
    }

    @Test
    void foldedDescriptorBuildsAloneAndReadsTheOriginalEncoding() throws Exception {
        DescriptorProto proto =
                DescriptorProto.parseFrom(TableProperties.proto("main.sensors.readings", SensorDescriptors.READING)
                        .descriptorProto());
        // As the service does: the message alone in a file without dependencies.
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("standalone.proto")
                .setPackage("dev.acme.sensor")
                .setSyntax("proto2")
                .addMessageType(proto)
                .build();
        Descriptor standalone =
                FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Reading");
        byte[] encoded = SensorDescriptors.reading(42).toByteArray();

        DynamicMessage decoded = DynamicMessage.parseFrom(standalone, encoded);

        assertThat(decoded.getUnknownFields().asMap()).isEmpty();
        assertThat(decoded.toByteArray()).isEqualTo(encoded);
        assertThat(decoded.getField(standalone.findFieldByName("device"))).isEqualTo("sensor-0");
    }

    @Test
    void recursiveForeignReferencesAreFoldedOnce() throws Exception {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("tree.proto")
                .setPackage("t")
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Node")
                        .addField(FieldDescriptorProto.newBuilder()
                                .setName("children")
                                .setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".t.Node"))
                        .addField(FieldDescriptorProto.newBuilder()
                                .setName("root")
                                .setNumber(2)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".t.Tree")))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Tree")
                        .addField(FieldDescriptorProto.newBuilder()
                                .setName("top")
                                .setNumber(1)
                                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                                .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                                .setTypeName(".t.Node")))
                .build();
        Descriptor tree = FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("Tree");

        DescriptorProto proto =
                DescriptorProto.parseFrom(TableProperties.proto("a.b.c", tree).descriptorProto());

        assertThat(proto.getNestedTypeList()).singleElement().satisfies((node) -> {
            assertThat(node.getName()).isEqualTo("Node");
            assertThat(node.getField(0).getTypeName()).isEqualTo(".t.Tree.Node");
            assertThat(node.getField(1).getTypeName()).isEqualTo(".t.Tree");
        });
    }

    @Test
    void serializedDescriptorIsCheckedAndCopied() {
        byte[] bytes = DescriptorProto.newBuilder().setName("Row").build().toByteArray();
        TableProperties table = TableProperties.proto("a.b.c", bytes);
        bytes[0] = 0;

        assertThat(table.descriptorProto())
                .isEqualTo(DescriptorProto.newBuilder().setName("Row").build().toByteArray());
        assertThat(table.toString()).contains("a.b.c", "PROTO", "Row");
    }

    @Test
    void unusableSerializedDescriptorsAreRejected() {
        assertThatThrownBy(() -> TableProperties.proto("a.b.c", new byte[] {(byte) 0xff, 0x01}))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> TableProperties.proto("a.b.c", new byte[0]))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        byte[] unnamed = DescriptorProto.newBuilder()
                .addField(FieldDescriptorProto.newBuilder().setName("x").setNumber(1))
                .build()
                .toByteArray();
        assertThatThrownBy(() -> TableProperties.proto("a.b.c", unnamed))
                .isInstanceOf(ZerobusException.class)
                .hasMessageContaining("no message name");
        assertThatThrownBy(() -> TableProperties.proto("a.b.c", (Descriptor) null))
                .isInstanceOf(ZerobusException.class);
    }
}
