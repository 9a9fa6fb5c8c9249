package dev.zerobus.test.table;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads {@code {"columns": [{"name": "a", "type": "INT", "nullable": false, "comment": ".."}, ...]}}: types in SQL
 * spelling (nested ones too, e.g. {@code "ARRAY<STRUCT<x: DOUBLE>>"}), {@code nullable} true unless given.
 */
final class SchemaJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SchemaJson() {}

    static List<Column> parseColumns(String json) {
        try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), json)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, "the schema must be a JSON object");
            List<Column> columns = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                if (name.equals("columns")) {
                    columns = columns(parser);
                } else {
                    throw new IllegalArgumentException("unknown schema property '" + name + "' (expected columns)");
                }
            }
            if (columns == null) {
                throw new IllegalArgumentException("the schema has no \"columns\" array");
            }
            return columns;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("the schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static List<Column> columns(JsonParser parser) {
        expect(parser.currentToken(), JsonToken.START_ARRAY, "\"columns\" must be an array");
        List<Column> columns = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            String name = null;
            String type = null;
            boolean nullable = true;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String property = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (property) {
                    case "name" -> name = text(parser, value, property);
                    case "type" -> type = text(parser, value, property);
                    case "nullable" -> {
                        if (value != JsonToken.VALUE_TRUE && value != JsonToken.VALUE_FALSE) {
                            throw new IllegalArgumentException("\"nullable\" must be true or false");
                        }
                        nullable = value == JsonToken.VALUE_TRUE;
                    }
                    case "comment" -> text(parser, value, property);
                    default ->
                        throw new IllegalArgumentException(
                                "unknown column property '" + property + "' (expected name, type, nullable, comment)");
                }
            }
            if (name == null || type == null) {
                throw new IllegalArgumentException("column " + (columns.size() + 1) + " needs a name and a type");
            }
            columns.add(new Column(name, SchemaDdl.parseType(type), nullable));
        }
        expect(parser.currentToken(), JsonToken.END_ARRAY, "\"columns\" must be an array of objects");
        return columns;
    }

    private static String text(JsonParser parser, JsonToken token, String property) {
        if (token != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("\"" + property + "\" must be a string");
        }
        return parser.getString();
    }

    private static void expect(JsonToken actual, JsonToken expected, String problem) {
        if (actual != expected) {
            throw new IllegalArgumentException(problem);
        }
    }
}
