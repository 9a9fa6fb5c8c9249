package dev.zerobus.client;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumDescriptorProto;
import com.google.protobuf.DescriptorProtos.EnumValueDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Label;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto.Type;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.Timestamp;

/**
 * A proto2 schema spread over files the way real applications write them: {@code Reading} has a nested
 * {@code Location}, references a message and an enum of another file, a top-level message of its own file, the
 * well-known {@code Timestamp}, and has a nested type whose name collides with a referenced foreign one.
 */
final class SensorDescriptors {

    static final Descriptor READING = build();

    private SensorDescriptors() {}

    /** A fully populated record with the given sequence number. */
    static DynamicMessage reading(int seq) {
        Descriptor location = READING.findNestedTypeByName("Location");
        Descriptor calibration = READING.findFieldByName("calibration").getMessageType();
        Descriptor tag = READING.findFieldByName("tags").getMessageType();
        return DynamicMessage.newBuilder(READING)
                .setField(READING.findFieldByName("seq"), (long) seq)
                .setField(READING.findFieldByName("device"), "sensor-" + (seq % 7))
                .setField(
                        READING.findFieldByName("location"),
                        DynamicMessage.newBuilder(location)
                                .setField(location.findFieldByName("site"), "plant-" + (seq % 3))
                                .build())
                .setField(
                        READING.findFieldByName("calibration"),
                        DynamicMessage.newBuilder(calibration)
                                .setField(calibration.findFieldByName("offset"), 0.25)
                                .setField(
                                        calibration.findFieldByName("unit"),
                                        calibration
                                                .findFieldByName("unit")
                                                .getEnumType()
                                                .findValueByName("KELVIN"))
                                .build())
                .setField(
                        READING.findFieldByName("taken_at"),
                        Timestamp.newBuilder().setSeconds(1_700_000_000L + seq).build())
                .addRepeatedField(
                        READING.findFieldByName("tags"),
                        DynamicMessage.newBuilder(tag)
                                .setField(tag.findFieldByName("key"), "line")
                                .build())
                .build();
    }

    /** The sequence number of a record encoded with {@link #reading(int)}. */
    static long seqOf(byte[] encoded) {
        try {
            DynamicMessage message = DynamicMessage.parseFrom(READING, encoded);
            return (Long) message.getField(READING.findFieldByName("seq"));
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new AssertionError(ex);
        }
    }

    private static Descriptor build() {
        FileDescriptorProto common = FileDescriptorProto.newBuilder()
                .setName("acme/common.proto")
                .setPackage("dev.acme.common")
                .setSyntax("proto2")
                .addEnumType(EnumDescriptorProto.newBuilder()
                        .setName("Unit")
                        .addValue(EnumValueDescriptorProto.newBuilder()
                                .setName("CELSIUS")
                                .setNumber(0))
                        .addValue(EnumValueDescriptorProto.newBuilder()
                                .setName("KELVIN")
                                .setNumber(1)))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Calibration")
                        .addField(field("offset", 1, Type.TYPE_DOUBLE, null))
                        .addField(field("unit", 2, Type.TYPE_ENUM, ".dev.acme.common.Unit")))
                .build();
        FileDescriptorProto sensor = FileDescriptorProto.newBuilder()
                .setName("acme/sensor.proto")
                .setPackage("dev.acme.sensor")
                .setSyntax("proto2")
                .addDependency("acme/common.proto")
                .addDependency("google/protobuf/timestamp.proto")
                .addMessageType(
                        DescriptorProto.newBuilder().setName("Tag").addField(field("key", 1, Type.TYPE_STRING, null)))
                .addMessageType(DescriptorProto.newBuilder()
                        .setName("Reading")
                        .addField(field("seq", 1, Type.TYPE_INT64, null))
                        .addField(field("device", 2, Type.TYPE_STRING, null))
                        // a relative reference, as protoc would not write it but hand-built descriptors do
                        .addField(field("location", 3, Type.TYPE_MESSAGE, "Location"))
                        .addField(field("calibration", 4, Type.TYPE_MESSAGE, ".dev.acme.common.Calibration"))
                        .addField(field("taken_at", 5, Type.TYPE_MESSAGE, ".google.protobuf.Timestamp"))
                        .addField(field("unit", 6, Type.TYPE_ENUM, ".dev.acme.common.Unit"))
                        .addField(field("tags", 7, Type.TYPE_MESSAGE, ".dev.acme.sensor.Tag")
                                .setLabel(Label.LABEL_REPEATED))
                        .addField(field("local_calibration", 8, Type.TYPE_MESSAGE, "Calibration"))
                        .addNestedType(DescriptorProto.newBuilder()
                                .setName("Location")
                                .addField(field("site", 1, Type.TYPE_STRING, null)))
                        .addNestedType(DescriptorProto.newBuilder()
                                .setName("Calibration")
                                .addField(field("factor", 1, Type.TYPE_DOUBLE, null))))
                .build();
        try {
            FileDescriptor commonFile = FileDescriptor.buildFrom(common, new FileDescriptor[0]);
            FileDescriptor sensorFile = FileDescriptor.buildFrom(
                    sensor,
                    new FileDescriptor[] {commonFile, Timestamp.getDescriptor().getFile()});
            return sensorFile.findMessageTypeByName("Reading");
        } catch (DescriptorValidationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static FieldDescriptorProto.Builder field(String name, int number, Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setType(type)
                .setLabel(Label.LABEL_OPTIONAL);
        if (typeName != null) {
            field.setTypeName(typeName);
        }
        return field;
    }
}
