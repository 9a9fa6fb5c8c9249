package dev.zerobus.test.table;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import java.lang.reflect.InvocationTargetException;
import java.util.List;

/**
 * Protobuf tooling for declared tables: the proto2 message of a schema ({@link #descriptorProto}, {@link #protoFile}),
 * so an app can move from JSON to protobuf without writing the message by hand, and the reverse check of an existing
 * message against a schema ({@link #problems}, {@link #assertCompatible}), with the rules the test server applies at
 * {@code create_stream}. In an app's test:
 *
 * <pre>{@code
 * ProtoSchemas.assertCompatible(SensorReading.class, TableSchema.load(Path.of("src/main/resources/readings.json")));
 * }</pre>
 */
public final class ProtoSchemas {

    private ProtoSchemas() {}

    /** Why {@code message} cannot carry rows of {@code schema}; empty when it can. */
    public static List<String> problems(Descriptor message, TableSchema schema) {
        return DescriptorCompatibility.problems(message, schema.columns());
    }

    /** @throws AssertionError listing every problem, when {@code message} cannot carry rows of {@code schema} */
    public static void assertCompatible(Descriptor message, TableSchema schema) {
        List<String> problems = problems(message, schema);
        if (!problems.isEmpty()) {
            throw new AssertionError(message.getFullName() + " does not fit the table (" + schema.sql() + "):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** {@link #assertCompatible(Descriptor, TableSchema)} for a generated message class (its static getDescriptor). */
    public static void assertCompatible(Class<? extends Message> messageClass, TableSchema schema) {
        assertCompatible(descriptorOf(messageClass), schema);
    }

    /**
     * A self-contained proto2 message for the rows of {@code schema} (nested STRUCTs become nested messages, MAPs map
     * fields), the form a PROTO stream sends as its {@code descriptor_proto}. NOT NULL columns become {@code required}
     * fields, the others {@code optional}.
     */
    public static DescriptorProto descriptorProto(TableSchema schema, String messageName) {
        return DescriptorGenerator.message(schema.columns(), messageName);
    }

    /** The {@code .proto} file (proto2) of {@link #descriptorProto}, for {@code protoc}. */
    public static String protoFile(TableSchema schema, String packageName, String messageName) {
        return DescriptorGenerator.protoFile(descriptorProto(schema, messageName), packageName);
    }

    /** The descriptor of a message built from {@link #descriptorProto} (for DynamicMessage in tests). */
    public static Descriptor descriptor(TableSchema schema, String messageName) {
        return DescriptorGenerator.build(descriptorProto(schema, messageName));
    }

    private static Descriptor descriptorOf(Class<? extends Message> messageClass) {
        try {
            return (Descriptor) messageClass.getMethod("getDescriptor").invoke(null);
        } catch (NoSuchMethodException | IllegalAccessException | InvocationTargetException e) {
            throw new IllegalArgumentException(messageClass.getName() + " is not a generated protobuf message", e);
        }
    }
}
