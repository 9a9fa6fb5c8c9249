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
            checkPart(entry.findFieldByNumber(1), map.key(), field, map, path, "keys", problems);
            checkPart(entry.findFieldByNumber(2), map.value(), field, map, path, "values", problems);
            return;
        }
        if (field.isRepeated()) {
            if (!(type instanceof DeltaType.Array array)) {
                problems.add(mismatch(path, type, field, "a repeated field is only for an ARRAY column"));
                return;
            }
            checkPart(field, array.element(), field, array, path, "elements", problems);
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

    /** The elements, keys or values ({@code part}) of a collection column: a scalar mismatch names the whole column. */
    private static void checkPart(
            FieldDescriptor part,
            DeltaType partType,
            FieldDescriptor field,
            DeltaType columnType,
            String path,
            String partName,
            List<String> problems) {
        if (partType instanceof DeltaType.Struct
                || partType instanceof DeltaType.Array
                || partType instanceof DeltaType.Map) {
            checkSingle(part, partType, path + "[]", problems);
            return;
        }
        String expected = expectedScalar(partType);
        if (!fits(part.getType(), partType)) {
            problems.add(mismatch(path, columnType, field, partName + " need " + expected));
        }
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
        if (!fits(wire, type)) {
            problems.add(mismatch(path, type, field, "needs " + expectedScalar(type)));
        }
    }

    private static boolean fits(FieldDescriptor.Type wire, DeltaType type) {
        if (type instanceof DeltaType.Decimal) {
            return wire == FieldDescriptor.Type.STRING;
        }
        return switch ((DeltaType.Primitive) type) {
            case BOOLEAN -> wire == FieldDescriptor.Type.BOOL;
            case BYTE, SHORT, INT, DATE -> INT32.contains(wire);
            case LONG, TIMESTAMP, TIMESTAMP_NTZ -> INT64.contains(wire);
            case FLOAT -> wire == FieldDescriptor.Type.FLOAT;
            case DOUBLE -> wire == FieldDescriptor.Type.DOUBLE;
            case STRING, VARIANT -> wire == FieldDescriptor.Type.STRING;
            case BINARY -> wire == FieldDescriptor.Type.BYTES;
        };
    }

    /** The proto2 type protocol §7 maps {@code type} to (DECIMAL, which it leaves out, as a string). */
    private static String expectedScalar(DeltaType type) {
        if (type instanceof DeltaType.Decimal) {
            return "string";
        }
        return switch ((DeltaType.Primitive) type) {
            case BOOLEAN -> "bool";
            case BYTE, SHORT, INT, DATE -> "int32";
            case LONG, TIMESTAMP, TIMESTAMP_NTZ -> "int64";
            case FLOAT -> "float";
            case DOUBLE -> "double";
            case STRING, VARIANT -> "string";
            case BINARY -> "bytes";
        };
    }

    private static String mismatch(String path, DeltaType type, FieldDescriptor field, String rule) {
        return "field '" + path + "' is " + describe(field) + " but column '" + path + "' is " + type.sql() + ": "
                + rule;
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
