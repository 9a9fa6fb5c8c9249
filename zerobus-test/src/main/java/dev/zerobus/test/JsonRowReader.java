package dev.zerobus.test;

import dev.zerobus.test.table.Column;
import dev.zerobus.test.table.DeltaType;
import dev.zerobus.test.table.TableSchema;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;

/**
 * Reads one JSON record into a row of its table with the service's rules (protocol §7): the record is an object whose
 * fields are columns (unknown fields are refused), values have the column's type (integers for the integral types,
 * TIMESTAMP and TIMESTAMP_NTZ as integer microseconds since the epoch, DATE as integer days since 1970-01-01, DECIMAL as
 * a string, BINARY as base64, STRUCT as an object, ARRAY as an array, MAP as an object, VARIANT any JSON value), and NOT
 * NULL columns are present and not null. Row values are those {@link dev.zerobus.test.table.TableWriter} documents.
 */
final class JsonRowReader {

    private final TableSchema schema;
    private final String table;

    JsonRowReader(String table, TableSchema schema) {
        this.table = table;
        this.schema = schema;
    }

    /** The row of one record; SchemaViolation when it breaks the schema, IllegalArgumentException when not JSON. */
    Object[] read(String json) throws SchemaViolation {
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new SchemaViolation(
                        "not a JSON object (starts with " + (first == null ? "nothing" : first.asString()) + ")");
            }
            Object[] row = struct(parser, schema.columns(), "");
            if (parser.nextToken() != null) {
                throw new SchemaViolation("content after the JSON object");
            }
            return row;
        } catch (JacksonException e) {
            throw new SchemaViolation("not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The parser is on START_OBJECT; leaves it on the matching END_OBJECT. */
    private Object[] struct(JsonParser parser, List<Column> columns, String prefix) throws SchemaViolation {
        Object[] values = new Object[columns.size()];
        boolean[] seen = new boolean[columns.size()];
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            int index = indexOf(columns, name);
            if (index < 0) {
                throw unknownField(columns, prefix + name);
            }
            Column column = columns.get(index);
            parser.nextToken();
            seen[index] = true;
            values[index] = value(parser, column.type(), column.nullable(), prefix + name);
        }
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (!seen[i] && !column.nullable()) {
                throw SchemaViolation.at(
                        prefix + column.name(), column.type().sql(), "NOT NULL column missing from the record");
            }
        }
        return values;
    }

    private Object value(JsonParser parser, DeltaType type, boolean nullable, String path) throws SchemaViolation {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            if (!nullable) {
                throw SchemaViolation.at(path, type.sql(), "NOT NULL but the record has null");
            }
            return null;
        }
        if (type instanceof DeltaType.Primitive primitive) {
            return primitive(parser, token, primitive, path);
        }
        if (type instanceof DeltaType.Decimal decimal) {
            if (token != JsonToken.VALUE_STRING) {
                throw mismatch(path, type, "a JSON string holding the decimal, e.g. \"12.34\"", token);
            }
            return Decimals.exact(parser.getString(), decimal, path);
        }
        if (type instanceof DeltaType.Struct struct) {
            if (token != JsonToken.START_OBJECT) {
                throw mismatch(path, type, "a JSON object", token);
            }
            return struct(parser, struct.fields(), path + ".");
        }
        if (type instanceof DeltaType.Array array) {
            if (token != JsonToken.START_ARRAY) {
                throw mismatch(path, type, "a JSON array", token);
            }
            List<Object> elements = new ArrayList<>();
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                elements.add(value(parser, array.element(), array.containsNull(), path + "[" + elements.size() + "]"));
            }
            return elements;
        }
        DeltaType.Map map = (DeltaType.Map) type;
        if (token != JsonToken.START_OBJECT) {
            throw mismatch(path, type, "a JSON object (its keys are the map's keys)", token);
        }
        Map<Object, Object> entries = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String keyText = parser.currentName();
            String entryPath = path + "['" + keyText + "']";
            Object key = mapKey(keyText, map.key(), entryPath);
            parser.nextToken();
            entries.put(key, value(parser, map.value(), map.valueContainsNull(), entryPath));
        }
        return entries;
    }

    private static Object primitive(JsonParser parser, JsonToken token, DeltaType.Primitive type, String path)
            throws SchemaViolation {
        switch (type) {
            case BOOLEAN -> {
                if (token != JsonToken.VALUE_TRUE && token != JsonToken.VALUE_FALSE) {
                    throw mismatch(path, type, "true or false", token);
                }
                return token == JsonToken.VALUE_TRUE;
            }
            case BYTE -> {
                return (byte) integral(parser, token, type, path, Byte.MIN_VALUE, Byte.MAX_VALUE, "an integer");
            }
            case SHORT -> {
                return (short) integral(parser, token, type, path, Short.MIN_VALUE, Short.MAX_VALUE, "an integer");
            }
            case INT -> {
                return (int) integral(parser, token, type, path, Integer.MIN_VALUE, Integer.MAX_VALUE, "an integer");
            }
            case LONG -> {
                return integral(parser, token, type, path, Long.MIN_VALUE, Long.MAX_VALUE, "an integer");
            }
            case DATE -> {
                return (int) integral(
                        parser,
                        token,
                        type,
                        path,
                        Integer.MIN_VALUE,
                        Integer.MAX_VALUE,
                        "an integer number of days since 1970-01-01");
            }
            case TIMESTAMP, TIMESTAMP_NTZ -> {
                return integral(
                        parser,
                        token,
                        type,
                        path,
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        "an integer number of microseconds since the epoch");
            }
            case FLOAT, DOUBLE -> {
                if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                    throw mismatch(path, type, "a JSON number", token);
                }
                double value = parser.getDoubleValue();
                if (type == DeltaType.Primitive.FLOAT) {
                    float narrowed = (float) value;
                    if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
                        throw SchemaViolation.at(path, type.sql(), value + " is out of the range of FLOAT");
                    }
                    return narrowed;
                }
                return value;
            }
            case STRING -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(path, type, "a JSON string", token);
                }
                return parser.getString();
            }
            case BINARY -> {
                if (token != JsonToken.VALUE_STRING) {
                    throw mismatch(path, type, "a base64 JSON string", token);
                }
                try {
                    return Base64.getDecoder().decode(parser.getString());
                } catch (IllegalArgumentException e) {
                    throw SchemaViolation.at(path, type.sql(), "not valid base64: " + e.getMessage());
                }
            }
            case VARIANT -> {
                return variant(parser);
            }
            default -> throw new AssertionError(type);
        }
    }

    private static long integral(
            JsonParser parser, JsonToken token, DeltaType type, String path, long min, long max, String expected)
            throws SchemaViolation {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw mismatch(path, type, expected, token);
        }
        JsonParser.NumberType numberType = parser.getNumberType();
        if (numberType == JsonParser.NumberType.BIG_INTEGER) {
            throw SchemaViolation.at(path, type.sql(), parser.getText() + " is out of the range of " + type.sql());
        }
        long value = parser.getLongValue();
        if (value < min || value > max) {
            throw SchemaViolation.at(path, type.sql(), value + " is out of the range of " + type.sql());
        }
        return value;
    }

    /** Map keys arrive as JSON property names: text for STRING keys, the number's digits for integral keys. */
    private static Object mapKey(String text, DeltaType keyType, String path) throws SchemaViolation {
        if (keyType == DeltaType.STRING) {
            return text;
        }
        try {
            return switch ((DeltaType.Primitive) keyType) {
                case INT, DATE -> Integer.parseInt(text);
                case LONG, TIMESTAMP, TIMESTAMP_NTZ -> Long.parseLong(text);
                case SHORT -> Short.parseShort(text);
                case BYTE -> Byte.parseByte(text);
                default ->
                    throw SchemaViolation.at(path, keyType.sql(), "map keys of this type cannot be written in JSON");
            };
        } catch (NumberFormatException | ClassCastException e) {
            throw SchemaViolation.at(path, keyType.sql(), "map key '" + text + "' is not a " + keyType.sql());
        }
    }

    /** The JSON text of the value the parser is on (normalized: no insignificant whitespace). */
    private static String variant(JsonParser parser) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = Json.FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            generator.copyCurrentStructure(parser);
        }
        return out.toString();
    }

    private SchemaViolation unknownField(List<Column> columns, String path) {
        String name = path.substring(path.lastIndexOf('.') + 1);
        String hint = "";
        for (Column column : columns) {
            if (column.name().equalsIgnoreCase(name)) {
                hint = " (column names are matched exactly; did you mean '" + column.name() + "'?)";
            }
        }
        String where = path.contains(".") ? "the STRUCT" : "table " + table;
        return new SchemaViolation("unknown field '" + path + "': " + where + " has no such column" + hint);
    }

    private static SchemaViolation mismatch(String path, DeltaType type, String expected, JsonToken found) {
        return SchemaViolation.at(path, type.sql(), "expected " + expected + ", found " + describe(found));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a decimal number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            default -> token.name().toLowerCase(Locale.ROOT);
        };
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
