package dev.zerobus.test;

import java.io.StringWriter;
import java.util.Map;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;

/** The one Jackson (3, streaming only) factory of the server, and a writer for flat JSON objects. */
final class Json {

    /** Strict: duplicate keys are an error; trailing content is checked by the callers. */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private Json() {}

    /** A flat JSON object of strings and numbers, in the map's iteration order. */
    static String object(Map<String, ?> fields) {
        StringWriter out = new StringWriter();
        try (JsonGenerator generator = FACTORY.createGenerator(ObjectWriteContext.empty(), out)) {
            generator.writeStartObject();
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                Object value = field.getValue();
                if (value instanceof Number number) {
                    generator.writeName(field.getKey());
                    generator.writeNumber(number.longValue());
                } else {
                    generator.writeStringProperty(field.getKey(), String.valueOf(value));
                }
            }
            generator.writeEndObject();
        }
        return out.toString();
    }
}
