package dev.zerobus.test.table;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Whether a protobuf message can carry the rows of a table (protocol §7): every field is a column of the right type
 * (TINYINT/SMALLINT/INT/DATE int32, BIGINT/TIMESTAMP/TIMESTAMP_NTZ int64, FLOAT float, DOUBLE double, STRING and
 * VARIANT string, BOOLEAN bool, BINARY bytes, ARRAY repeated, MAP map, STRUCT a nested message; DECIMAL, which the
 * protocol's table leaves out, is taken as a string holding the number), and every NOT NULL column has a field.
 */
final class DescriptorCompatibility {

    private static final Set<FieldDescriptor.Type> INT32 =
            Set.of(FieldDescriptor.Type.INT32, FieldDescriptor.Type.SINT32, FieldDescriptor.Type.SFIXED32);
    private static final Set<FieldDescriptor.Type> INT64 =
            Set.of(FieldDescriptor.Type.INT64, FieldDescriptor.Type.SINT64, FieldDescriptor.Type.SFIXED64);

    private DescriptorCompatibility() {}

    static List<String> problems(Descriptor message, List<Column> columns) {
        List<String> problems = new ArrayList<>();
        check(message, columns, "", problems);
        return problems;
    }

    private static void check(Descriptor message, List<Column> columns, String prefix, List<String> problems) {
        for (FieldDescriptor field : message.getFields()) {
            Column column = find(columns, field.getName());
            String path = prefix + field.getName();
            if (column == null) {
                problems.add("field '" + path + "' (" + describe(field) + ") has no column in the table");
                continue;
            }
            checkField(field, column.type(), path, problems);
        }
        for (Column column : columns) {
            if (!column.nullable() && message.findFieldByName(column.name()) == null) {
                problems.add("column '" + prefix + column.name() + "' ("
                        + column.type().sql() + ") is NOT NULL but " + message.getFullName() + " has no field for it");
            }
        }
    }

    private static void checkField(FieldDescriptor field, DeltaType type, String path, List<String> problems) {
        if (field.isMapField()) {
            if (!(type instanceof DeltaType.Map map)) {
                problems.add(mismatch(path, type, field, "a map field is only for a MAP column"));
                return;
            }
            Descriptor entry = field.getMessageType();
            checkSingle(entry.findFieldByNumber(1), map.key(), path + ".key", problems);
            checkSingle(entry.findFieldByNumber(2), map.value(), path + ".value", problems);
            return;
        }
        if (field.isRepeated()) {
            if (!(type instanceof DeltaType.Array array)) {
                problems.add(mismatch(path, type, field, "a repeated field is only for an ARRAY column"));
                return;
            }
            checkSingle(field, array.element(), path + "[]", problems);
            return;
        }
        if (type instanceof DeltaType.Array || type instanceof DeltaType.Map) {
            problems.add(mismatch(
                    path,
                    type,
                    field,
                    type instanceof DeltaType.Array ? "needs a repeated field" : "needs a map field"));
            return;
        }
        checkSingle(field, type, path, problems);
    }

    /** One value of {@code field} (an element, for a repeated one) against {@code type}. */
    private static void checkSingle(FieldDescriptor field, DeltaType type, String path, List<String> problems) {
        FieldDescriptor.Type wire = field.getType();
        if (type instanceof DeltaType.Struct struct) {
            if (wire != FieldDescriptor.Type.MESSAGE || field.isMapField()) {
                problems.add(mismatch(path, type, field, "needs a nested message"));
            } else {
                check(field.getMessageType(), struct.fields(), path + ".", problems);
            }
            return;
        }
        if (type instanceof DeltaType.Array || type instanceof DeltaType.Map) {
            problems.add(mismatch(
                    path,
                    type,
                    field,
                    "nested ARRAY and MAP values need a wrapper message in protobuf,"
                            + " which the table does not have"));
            return;
        }
        boolean fits;
        String expected;
        if (type instanceof DeltaType.Decimal) {
            fits = wire == FieldDescriptor.Type.STRING;
            expected = "string";
        } else {
            switch ((DeltaType.Primitive) type) {
                case BOOLEAN -> {
                    fits = wire == FieldDescriptor.Type.BOOL;
                    expected = "bool";
                }
                case BYTE, SHORT, INT, DATE -> {
                    fits = INT32.contains(wire);
                    expected = "int32";
                }
                case LONG, TIMESTAMP, TIMESTAMP_NTZ -> {
                    fits = INT64.contains(wire);
                    expected = "int64";
                }
                case FLOAT -> {
                    fits = wire == FieldDescriptor.Type.FLOAT;
                    expected = "float";
                }
                case DOUBLE -> {
                    fits = wire == FieldDescriptor.Type.DOUBLE;
                    expected = "double";
                }
                case STRING, VARIANT -> {
                    fits = wire == FieldDescriptor.Type.STRING;
                    expected = "string";
                }
                case BINARY -> {
                    fits = wire == FieldDescriptor.Type.BYTES;
                    expected = "bytes";
                }
                default -> throw new AssertionError(type);
            }
        }
        if (!fits) {
            problems.add(mismatch(path, type, field, "needs " + expected));
        }
    }

    private static String mismatch(String path, DeltaType type, FieldDescriptor field, String rule) {
        return "field '" + path + "' is " + describe(field) + " but column '" + path.replace("[]", "") + "' is "
                + type.sql() + ": " + rule;
    }

    static String describe(FieldDescriptor field) {
        String label = field.isRepeated() ? "repeated " : field.isRequired() ? "required " : "optional ";
        String type = field.getType() == FieldDescriptor.Type.MESSAGE
                ? field.getMessageType().getName()
                : field.getType().name().toLowerCase(java.util.Locale.ROOT);
        return label + type + " = " + field.getNumber();
    }

    private static Column find(List<Column> columns, String name) {
        for (Column column : columns) {
            if (column.name().equals(name)) {
                return column;
            }
        }
        return null;
    }
}
