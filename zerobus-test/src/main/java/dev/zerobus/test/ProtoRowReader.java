package dev.zerobus.test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.zerobus.test.table.Column;
import dev.zerobus.test.table.DeltaType;
import dev.zerobus.test.table.TableSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;

/**
 * Reads a parsed protobuf record into a row of its table, for a descriptor that passed
 * {@link dev.zerobus.test.table.ProtoSchemas#problems} at {@code create_stream}: NOT NULL columns must have their field
 * set (proto2 presence; a proto3 field without presence that holds its default is not sent, so it counts as unset, which
 * is why the protocol asks for proto2), int32 values must fit TINYINT/SMALLINT, DECIMAL strings must fit the column,
 * VARIANT strings must be JSON. Row values are those {@link dev.zerobus.test.table.TableWriter} documents.
 */
final class ProtoRowReader {

    private final TableSchema schema;

    ProtoRowReader(TableSchema schema) {
        this.schema = schema;
    }

    Object[] read(Message message) throws SchemaViolation {
        return struct(message, schema.columns(), "");
    }

    private Object[] struct(Message message, List<Column> columns, String prefix) throws SchemaViolation {
        Descriptor descriptor = message.getDescriptorForType();
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String path = prefix + column.name();
            FieldDescriptor field = descriptor.findFieldByName(column.name());
            if (field == null) {
                continue; // a nullable column the message does not have (NOT NULL ones were refused at create)
            }
            if (field.isRepeated()) {
                row[i] = field.isMapField()
                        ? map(message, field, (DeltaType.Map) column.type(), path)
                        : array(message, field, (DeltaType.Array) column.type(), path);
            } else if (message.hasField(field)) {
                row[i] = single(message.getField(field), column.type(), path);
            } else if (!column.nullable()) {
                throw SchemaViolation.at(
                        path,
                        column.type().sql(),
                        "NOT NULL but field " + field.getName() + " = " + field.getNumber()
                                + " is not set in the record");
            }
        }
        return row;
    }

    private List<Object> array(Message message, FieldDescriptor field, DeltaType.Array type, String path)
            throws SchemaViolation {
        int count = message.getRepeatedFieldCount(field);
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(single(message.getRepeatedField(field, i), type.element(), path + "[" + i + "]"));
        }
        return elements;
    }

    private Map<Object, Object> map(Message message, FieldDescriptor field, DeltaType.Map type, String path)
            throws SchemaViolation {
        int count = message.getRepeatedFieldCount(field);
        Map<Object, Object> entries = new LinkedHashMap<>();
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            Object key = single(entry.getField(keyField), type.key(), path + ".key");
            String entryPath = path + "['" + key + "']";
            if (!entry.hasField(valueField) && valueField.getType() == FieldDescriptor.Type.MESSAGE) {
                if (!type.valueContainsNull()) {
                    throw SchemaViolation.at(entryPath, type.value().sql(), "map values are NOT NULL");
                }
                entries.put(key, null);
            } else {
                entries.put(key, single(entry.getField(valueField), type.value(), entryPath));
            }
        }
        return entries;
    }

    private Object single(Object value, DeltaType type, String path) throws SchemaViolation {
        if (type instanceof DeltaType.Struct struct) {
            return struct((Message) value, struct.fields(), path + ".");
        }
        if (type instanceof DeltaType.Decimal decimal) {
            return Decimals.exact((String) value, decimal, path);
        }
        DeltaType.Primitive primitive = (DeltaType.Primitive) type;
        return switch (primitive) {
            case BYTE -> (byte) narrow((Integer) value, Byte.MIN_VALUE, Byte.MAX_VALUE, type, path);
            case SHORT -> (short) narrow((Integer) value, Short.MIN_VALUE, Short.MAX_VALUE, type, path);
            case BINARY -> ((ByteString) value).toByteArray();
            case VARIANT -> variant((String) value, path);
            default -> value; // Boolean, Integer (INT, DATE), Long (BIGINT, TIMESTAMPs), Float, Double, String
        };
    }

    private static int narrow(int value, int min, int max, DeltaType type, String path) throws SchemaViolation {
        if (value < min || value > max) {
            throw SchemaViolation.at(path, type.sql(), value + " is out of the range of " + type.sql());
        }
        return value;
    }

    private static String variant(String json, String path) throws SchemaViolation {
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() == null) {
                throw SchemaViolation.at(path, "VARIANT", "empty string; a VARIANT field holds JSON text");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw SchemaViolation.at(path, "VARIANT", "content after the JSON value");
            }
            return json;
        } catch (JacksonException e) {
            throw SchemaViolation.at(path, "VARIANT", "not valid JSON: " + e.getOriginalMessage());
        }
    }
}
