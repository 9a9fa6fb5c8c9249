package dev.zerobus.test.table;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.MessageOptions;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import java.util.List;
import java.util.Locale;

/** Builds the proto2 message of a table schema (protocol §7's mapping) and prints it as a {@code .proto} file. */
final class DescriptorGenerator {

    private DescriptorGenerator() {}

    static DescriptorProto message(List<Column> columns, String messageName) {
        requireIdentifier(messageName);
        return message(columns, messageName, "." + messageName);
    }

    /** {@code fullName} is how fields refer to the message's nested types: the file has no package. */
    private static DescriptorProto message(List<Column> columns, String name, String fullName) {
        DescriptorProto.Builder message = DescriptorProto.newBuilder().setName(name);
        int number = 1;
        for (Column column : columns) {
            requireIdentifier(column.name());
            FieldDescriptorProto.Builder field = FieldDescriptorProto.newBuilder()
                    .setName(column.name())
                    .setNumber(number++)
                    .setLabel(
                            column.nullable()
                                    ? FieldDescriptorProto.Label.LABEL_OPTIONAL
                                    : FieldDescriptorProto.Label.LABEL_REQUIRED);
            DeltaType type = column.type();
            if (type instanceof DeltaType.Array array) {
                field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED);
                type = array.element();
                if (type instanceof DeltaType.Array || type instanceof DeltaType.Map) {
                    throw unsupported(column);
                }
            }
            if (type instanceof DeltaType.Map map) {
                if (map.value() instanceof DeltaType.Array || map.value() instanceof DeltaType.Map) {
                    throw unsupported(column);
                }
                String entryName = camel(column.name()) + "Entry";
                DescriptorProto.Builder entry = DescriptorProto.newBuilder()
                        .setName(entryName)
                        .setOptions(MessageOptions.newBuilder().setMapEntry(true));
                entry.addField(FieldDescriptorProto.newBuilder()
                        .setName("key")
                        .setNumber(1)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL)
                        .setType(scalar(map.key())));
                FieldDescriptorProto.Builder value = FieldDescriptorProto.newBuilder()
                        .setName("value")
                        .setNumber(2)
                        .setLabel(FieldDescriptorProto.Label.LABEL_OPTIONAL);
                if (map.value() instanceof DeltaType.Struct struct) {
                    // Nested in the owner, not the entry, as protoc does for map<k, V>.
                    String valueName = camel(column.name()) + "Value";
                    message.addNestedType(message(struct.fields(), valueName, fullName + "." + valueName));
                    value.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(fullName + "." + valueName);
                } else {
                    value.setType(scalar(map.value()));
                }
                entry.addField(value);
                message.addNestedType(entry);
                field.setLabel(FieldDescriptorProto.Label.LABEL_REPEATED)
                        .setType(FieldDescriptorProto.Type.TYPE_MESSAGE)
                        .setTypeName(fullName + "." + entryName);
            } else {
                scalarOrMessage(field, type, fullName, message);
            }
            message.addField(field);
        }
        return message.build();
    }

    /** Sets the type of {@code field}; a STRUCT becomes a message nested in {@code owner}. */
    private static FieldDescriptorProto.Builder scalarOrMessage(
            FieldDescriptorProto.Builder field, DeltaType type, String ownerFullName, DescriptorProto.Builder owner) {
        if (type instanceof DeltaType.Struct struct) {
            String nestedName = camel(field.getName());
            owner.addNestedType(message(struct.fields(), nestedName, ownerFullName + "." + nestedName));
            return field.setType(FieldDescriptorProto.Type.TYPE_MESSAGE).setTypeName(ownerFullName + "." + nestedName);
        }
        return field.setType(scalar(type));
    }

    private static FieldDescriptorProto.Type scalar(DeltaType type) {
        if (type instanceof DeltaType.Decimal) {
            return FieldDescriptorProto.Type.TYPE_STRING;
        }
        return switch ((DeltaType.Primitive) type) {
            case BOOLEAN -> FieldDescriptorProto.Type.TYPE_BOOL;
            case BYTE, SHORT, INT, DATE -> FieldDescriptorProto.Type.TYPE_INT32;
            case LONG, TIMESTAMP, TIMESTAMP_NTZ -> FieldDescriptorProto.Type.TYPE_INT64;
            case FLOAT -> FieldDescriptorProto.Type.TYPE_FLOAT;
            case DOUBLE -> FieldDescriptorProto.Type.TYPE_DOUBLE;
            case STRING, VARIANT -> FieldDescriptorProto.Type.TYPE_STRING;
            case BINARY -> FieldDescriptorProto.Type.TYPE_BYTES;
        };
    }

    static Descriptor build(DescriptorProto message) {
        FileDescriptorProto file = FileDescriptorProto.newBuilder()
                .setName(message.getName() + ".proto")
                .setSyntax("proto2")
                .addMessageType(message)
                .build();
        try {
            return FileDescriptor.buildFrom(file, new FileDescriptor[0]).findMessageTypeByName(message.getName());
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("generated an invalid descriptor: " + e.getMessage(), e);
        }
    }

    static String protoFile(DescriptorProto message, String packageName) {
        StringBuilder out = new StringBuilder("syntax = \"proto2\";\n\n");
        if (packageName != null && !packageName.isEmpty()) {
            out.append("package ").append(packageName).append(";\n\n");
        }
        print(message, "", out);
        return out.toString();
    }

    private static void print(DescriptorProto message, String indent, StringBuilder out) {
        out.append(indent).append("message ").append(message.getName()).append(" {\n");
        for (FieldDescriptorProto field : message.getFieldList()) {
            out.append(indent).append("  ");
            DescriptorProto mapEntry = mapEntry(message, field);
            if (mapEntry != null) {
                out.append("map<")
                        .append(typeName(mapEntry.getField(0)))
                        .append(", ")
                        .append(typeName(mapEntry.getField(1)))
                        .append("> ");
            } else {
                out.append(field.getLabel().name().substring("LABEL_".length()).toLowerCase(Locale.ROOT))
                        .append(' ')
                        .append(typeName(field))
                        .append(' ');
            }
            out.append(field.getName()).append(" = ").append(field.getNumber()).append(";\n");
        }
        for (DescriptorProto nested : message.getNestedTypeList()) {
            if (!nested.getOptions().getMapEntry()) {
                out.append('\n');
                print(nested, indent + "  ", out);
            }
        }
        out.append(indent).append("}\n");
    }

    private static DescriptorProto mapEntry(DescriptorProto owner, FieldDescriptorProto field) {
        if (field.getType() != FieldDescriptorProto.Type.TYPE_MESSAGE) {
            return null;
        }
        String simple = field.getTypeName().substring(field.getTypeName().lastIndexOf('.') + 1);
        for (DescriptorProto nested : owner.getNestedTypeList()) {
            if (nested.getName().equals(simple) && nested.getOptions().getMapEntry()) {
                return nested;
            }
        }
        return null;
    }

    private static String typeName(FieldDescriptorProto field) {
        if (field.getType() == FieldDescriptorProto.Type.TYPE_MESSAGE) {
            String full = field.getTypeName();
            return full.substring(full.lastIndexOf('.') + 1);
        }
        return field.getType().name().substring("TYPE_".length()).toLowerCase(Locale.ROOT);
    }

    private static String camel(String name) {
        StringBuilder out = new StringBuilder();
        boolean upper = true;
        for (char c : name.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    private static void requireIdentifier(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("'" + name + "' is not a valid protobuf identifier");
        }
    }

    private static IllegalArgumentException unsupported(Column column) {
        return new IllegalArgumentException(
                "column " + column.sql() + ": an ARRAY or MAP inside an ARRAY or MAP has no direct protobuf form");
    }
}
