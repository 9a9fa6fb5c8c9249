package dev.zerobus.spring;

import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Writes a record as one JSON object with the application's Jackson 3 {@link JsonMapper}. */
public final class JsonMapperRecordWriter implements Function<Object, String> {

    private final JsonMapper jsonMapper;

    public JsonMapperRecordWriter(JsonMapper jsonMapper) {
        this.jsonMapper = jsonMapper;
    }

    @Override
    public String apply(Object record) {
        try {
            if (record instanceof JsonNode node && !node.isObject()) {
                throw new RecordConversionException("A JSON record must be an object, not " + node.getNodeType(), null);
            }
            return this.jsonMapper.writeValueAsString(record);
        } catch (JacksonException ex) {
            throw new RecordConversionException(
                    "Cannot convert " + record.getClass().getName() + " to JSON: " + ex.getOriginalMessage(), ex);
        }
    }
}
