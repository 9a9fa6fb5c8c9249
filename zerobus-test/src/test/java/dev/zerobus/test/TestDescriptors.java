package dev.zerobus.test;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;

/** A proto2 message with a nested type, built at run time: {@code dev.zerobus.sensor.SensorReading}. */
final class TestDescriptors {

    static final Descriptor SENSOR_READING = build();

    private TestDescriptors() {}

    static DynamicMessage reading(String device, long timestampMicros, double value) {
        Descriptor location = SENSOR_READING.findNestedTypeByName("Location");
        return DynamicMessage.newBuilder(SENSOR_READING)
                .setField(SENSOR_READING.findFieldByName("device_id"), device)
                .setField(SENSOR_READING.findFieldByName("ts"), timestampMicros)
                .setField(SENSOR_READING.findFieldByName("value"), value)
                .setField(
                        SENSOR_READING.findFieldByName("location"),
                        DynamicMessage.newBuilder(location)
                                .setField(location.findFieldByName("site"), "plant-" + (timestampMicros % 3))
                                .build())
                .build();
    }

    private static Descriptor build() {
        DescriptorProto location = DescriptorProto.newBuilder()
                .setName("Location")
                .addField(field("site", 1, FieldDescriptorProto.Type.TYPE_STRING, null))
                .build();
        DescriptorProto reading = DescriptorProto.newBuilder()
                .setName("SensorReading")
                .addField(field("device_id", 1, FieldDescriptorProto.Type.TYPE_STRING, null))
                .addField(field("ts", 2, FieldDescriptorProto.Type.TYPE_INT64, null))
                .addField(field("value", 3, FieldDescriptorProto.Type.TYPE_DOUBLE, null))
                .addField(field(
                        "location",
                        4,
                        FieldDescriptorProto.Type.TYPE_MESSAGE,
                        ".dev.zerobus.sensor.SensorReading.Location"))
                .addNestedType(location)
                .build();
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName("sensor.proto")
                .setPackage("dev.zerobus.sensor")
                .setSyntax("proto2")
                .addMessageType(reading)
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName("SensorReading");
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FieldDescriptorProto field(
            String name, int number, FieldDescriptorProto.Type type, String typeName) {
        FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                .setName(name)
                .setNumber(number)
                .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                .setType(type);
        if (typeName != null) {
            field.setTypeName(typeName);
        }
        return field.build();
    }
}
