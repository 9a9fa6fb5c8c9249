package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every property, the per-table ones included, is in the configuration metadata with a description. */
class ConfigurationMetadataTests {

    @Test
    void everyPropertyIsDocumentedAndEveryPerTableSettingListed() throws Exception {
        Map<String, JsonNode> properties = new HashMap<>();
        for (String file : List.of(
                "META-INF/spring-configuration-metadata.json",
                "META-INF/additional-spring-configuration-metadata.json")) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                for (JsonNode property : new JsonMapper().readTree(in).get("properties")) {
                    properties.merge(property.get("name").asString(), property, (a, b) -> a.has("description") ? a : b);
                }
            }
        }
        List<String> undocumented = new ArrayList<>();
        properties.forEach((name, property) -> {
            if (!property.has("description")
                    || property.get("description").asString().isBlank()) {
                undocumented.add(name);
            }
        });
        assertThat(undocumented).isEmpty();
        assertThat(properties)
                .containsKeys(
                        "zerobus.tables.*.proto-message-class",
                        "zerobus.tables.*.streams",
                        "zerobus.tables.*.eager",
                        "zerobus.tables.*.stream.max-inflight-requests",
                        "zerobus.tables.*.stream.keep-alive-timeout",
                        "zerobus.template.max-block",
                        "zerobus.shutdown.flush-timeout",
                        "zerobus.ssl.bundle",
                        "zerobus.json.property-naming-strategy",
                        "management.health.zerobus.ack-stall-threshold");
        for (String stream : List.of("max-inflight-requests", "flush-timeout", "keep-alive-interval")) {
            assertThat(properties.get("zerobus.stream." + stream).has("defaultValue"))
                    .as(stream)
                    .isTrue();
        }
        assertThat(properties
                        .get("zerobus.shutdown.flush-timeout")
                        .get("defaultValue")
                        .asString())
                .isEqualTo("30s");
    }
}
