package dev.zerobus.test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/** The per-record content checks: a JSON record is one JSON object; a PROTO record parses against the descriptor. */
final class RecordValidator {

    /** The service limit of one request (record or batch): 10 MiB of record payload. */
    static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    private RecordValidator() {}

    /** Benchmark mode: only the first byte is looked at. Null when acceptable, else why not. */
    static String quickJsonProblem(ByteString utf8) {
        return !utf8.isEmpty() && utf8.byteAt(0) == '{' ? null : "not a JSON object (does not start with '{')";
    }

    /** Strict parse: exactly one JSON object, valid UTF-8, no duplicate keys, nothing after it. */
    static String jsonProblem(ByteString utf8, String text) {
        if (!utf8.isValidUtf8()) {
            return "not valid UTF-8";
        }
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                return "not a JSON object (starts with " + (first == null ? "nothing" : first.asString()) + ")";
            }
            parser.skipChildren();
            JsonToken after = parser.nextToken();
            if (after != null) {
                return "content after the JSON object";
            }
            return null;
        } catch (JacksonException e) {
            return "not valid JSON: " + e.getOriginalMessage();
        }
    }

    /** The record parsed against the stream's descriptor, with no unknown fields and every required field. */
    static DynamicMessage parseProto(Descriptor descriptor, ByteString bytes) throws SchemaViolation {
        DynamicMessage message;
        try {
            message = DynamicMessage.parseFrom(descriptor, bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new SchemaViolation("does not parse as " + descriptor.getFullName() + ": " + e.getMessage());
        }
        String problem = unknownFieldProblem(message, descriptor.getName());
        if (problem != null) {
            throw new SchemaViolation(problem);
        }
        return message;
    }

    private static String unknownFieldProblem(Message message, String path) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            return "unknown field number(s) "
                    + message.getUnknownFields().asMap().keySet() + " in " + path + " (not in the stream's descriptor)";
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            String fieldPath = path + "." + field.getKey().getName();
            if (field.getValue() instanceof List<?> values) {
                for (Object value : values) {
                    String problem = unknownFieldProblem((Message) value, fieldPath);
                    if (problem != null) {
                        return problem;
                    }
                }
            } else {
                String problem = unknownFieldProblem((Message) field.getValue(), fieldPath);
                if (problem != null) {
                    return problem;
                }
            }
        }
        return null;
    }
}
