package dev.zerobus.spring.docs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes {@code docs/configuration.md} from the configuration metadata of this module: the file the configuration
 * processor generates ({@code META-INF/spring-configuration-metadata.json}) merged with
 * {@code META-INF/additional-spring-configuration-metadata.json}. Every property found there is documented, in a
 * section named after its prefix; a new property needs no change here.
 */
final class ConfigurationDoc {

    static final String REGENERATE =
            "mvn -B -pl zerobus-spring-boot-autoconfigure -am test -Dtest=ConfigurationDocTests"
                    + " -Dzerobus.docs.write=true -Dsurefire.failIfNoSpecifiedTests=false -Dzerobus.native.skipAarch64=true";

    static final List<String> METADATA_FILES = List.of(
            "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json");

    /** Placeholder for the table key of the per-table properties ({@code *} in the metadata). */
    static final String TABLE_PLACEHOLDER = "<table>";

    /** Sections in reading order; a section not listed comes after these, in alphabetical order. */
    private static final List<String> SECTION_ORDER = List.of(
            "zerobus",
            "zerobus.template",
            "zerobus.json",
            "zerobus.stream",
            "zerobus.tables.*",
            "zerobus.tables.*.stream",
            "zerobus.pool",
            "zerobus.shutdown",
            "zerobus.ssl",
            "zerobus.embedded",
            "management.health.zerobus");

    private static final Map<String, String> SECTION_INTROS = pairs(
            "zerobus",
            "Where to connect and as whom. With an endpoint and credentials set, the starter ingests into that"
                    + " workspace; see [production](production.md) for the formats per cloud.",
            "zerobus.template",
            "How `ZerobusTemplate` waits.",
            "zerobus.json",
            "How records that are not a `String`, a protobuf `Message` or a `byte[]` are written as JSON.",
            "zerobus.stream",
            "Options of every stream. An option left unset keeps the client's default, shown here.",
            "zerobus.tables.*",
            "`" + TABLE_PLACEHOLDER + "` stands for the table's full name. In YAML, nest the table name under"
                    + " `tables:` as one key. A key that is not a three-part name, or a setting that is not listed"
                    + " here, fails start-up naming both forms.",
            "zerobus.tables.*.stream",
            "Stream options of one table. Each overrides the `zerobus.stream` option of the same name for that"
                    + " table only.",
            "zerobus.pool",
            "The pool of streams behind `ZerobusTemplate`.",
            "zerobus.shutdown",
            "What happens to records in flight when the application context closes.",
            "zerobus.ssl",
            "TLS trust for the endpoint and the token endpoint, besides the system trust store and"
                    + " `zerobus.ca-certificate`.",
            "zerobus.embedded",
            "The in-process server of `zerobus-test`, for running the application without a workspace.",
            "management.health.zerobus",
            "The `zerobus` health indicator (with Spring Boot Actuator).");

    private static final Pattern PACKAGE = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+(?=[A-Z])");

    /** A 'quoted' term: the quote not inside a word (so that "table's" is left alone). */
    private static final Pattern QUOTED = Pattern.compile("(?<![\\w'])'([^'\\s][^']*?)'(?![\\w'])");

    private ConfigurationDoc() {}

    private static Map<String, String> pairs(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    /** One documented property, its metadata merged over both files. */
    record Property(String name, String type, String defaultValue, String description, List<String> values) {

        String section() {
            return this.name.substring(0, this.name.lastIndexOf('.'));
        }

        String displayName() {
            return display(this.name);
        }
    }

    /** Every property of the metadata, by name. */
    static Map<String, Property> properties() {
        Map<String, JsonNode> merged = new TreeMap<>();
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String file : METADATA_FILES) {
            JsonNode root = read(file);
            if (root == null) {
                continue;
            }
            for (JsonNode property : root.path("properties")) {
                merged.merge(property.get("name").asString(), property, ConfigurationDoc::fillIn);
            }
            for (JsonNode hint : root.path("hints")) {
                List<String> hinted = new ArrayList<>();
                hint.path("values").forEach(value -> hinted.add(text(value.get("value"))));
                if (!hinted.isEmpty()) {
                    values.putIfAbsent(hint.get("name").asString(), hinted);
                }
            }
        }
        Map<String, Property> properties = new LinkedHashMap<>();
        merged.forEach((name, node) -> properties.put(
                name,
                new Property(
                        name,
                        node.has("type") ? node.get("type").asString() : null,
                        node.has("defaultValue") ? text(node.get("defaultValue")) : null,
                        node.has("description") ? node.get("description").asString() : "",
                        values.getOrDefault(name, List.of()))));
        return properties;
    }

    /** The Markdown of {@code docs/configuration.md}. */
    static String generate() {
        Map<String, Property> properties = properties();
        Map<String, String> mapIntros = new LinkedHashMap<>();
        Map<String, List<Property>> sections = new TreeMap<>(sectionOrder());
        for (Property property : properties.values()) {
            if (property.type() != null
                    && property.type().startsWith("java.util.Map<")
                    && properties.keySet().stream().anyMatch(name -> name.startsWith(property.name() + ".*."))) {
                // The map itself is documented by its entries' section.
                mapIntros.put(property.name() + ".*", property.description());
                continue;
            }
            sections.computeIfAbsent(property.section(), key -> new ArrayList<>())
                    .add(property);
        }
        StringBuilder out = new StringBuilder();
        out.append("<!-- Generated from the configuration metadata by ConfigurationDoc (a test class of")
                .append(" zerobus-spring-boot-autoconfigure); do not edit.\n     Regenerate: ")
                .append(REGENERATE)
                .append(" -->\n\n");
        out.append("# Configuration properties\n\n");
        out.append("Every property of the starter, generated from its configuration metadata, so your IDE completes")
                .append(" the same names.\nSet them in `application.yml`, `application.properties` or as environment")
                .append(
                        " variables: dots become underscores and dashes go (`ZEROBUS_SHUTDOWN_FLUSHTIMEOUT`\nsets `zerobus.shutdown.flush-timeout`).\nDurations take")
                .append(" Boot's forms (`500ms`, `10s`, `5m`; a bare number is milliseconds) and data sizes")
                .append(" `64MB`, `512KB` (binary units).\nA blank default means unset.\n\n");
        out.append("| section | |\n|---|---|\n");
        for (String section : sections.keySet()) {
            out.append("| [`")
                    .append(display(section))
                    .append("`](#")
                    .append(anchor(section))
                    .append(") | ")
                    .append(sections.get(section).size())
                    .append(sections.get(section).size() == 1 ? " property" : " properties")
                    .append(" |\n");
        }
        for (Map.Entry<String, List<Property>> section : sections.entrySet()) {
            out.append("\n## <a id=\"")
                    .append(anchor(section.getKey()))
                    .append("\"></a>`")
                    .append(display(section.getKey()))
                    .append("`\n\n");
            String fromMetadata = mapIntros.get(section.getKey());
            if (fromMetadata != null) {
                out.append(markdown(fromMetadata)).append("\n\n");
            }
            String intro = SECTION_INTROS.get(section.getKey());
            if (intro != null) {
                out.append(intro).append("\n\n");
            }
            out.append("| property | type | default | description |\n|---|---|---|---|\n");
            for (Property property : section.getValue()) {
                out.append("| `")
                        .append(property.displayName())
                        .append("` | ")
                        .append(property.type() == null ? "" : "`" + simpleType(property.type()) + "`")
                        .append(" | ")
                        .append(property.defaultValue() == null ? "" : "`" + property.defaultValue() + "`")
                        .append(" | ")
                        .append(description(property))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** The metadata name as users write it: {@code zerobus.tables.*.streams} as {@code zerobus.tables.<table>.streams}. */
    static String display(String name) {
        return name.replace("*", TABLE_PLACEHOLDER);
    }

    static String anchor(String section) {
        return section.replace(".*", "").replace('.', '-');
    }

    static String simpleType(String type) {
        return PACKAGE.matcher(type).replaceAll("").replace('$', '.').replace(",", ", ");
    }

    private static String description(Property property) {
        String text = property.description().strip();
        if (!property.values().isEmpty()) {
            text = text + (text.endsWith(".") ? "" : ".") + " One of '" + String.join("', '", property.values()) + "'.";
        }
        return markdown(text);
    }

    /** 'quoted' terms become code; everything else is escaped for a table cell. */
    static String markdown(String text) {
        StringBuilder out = new StringBuilder();
        Matcher quoted = QUOTED.matcher(text);
        int last = 0;
        while (quoted.find()) {
            out.append(escape(text.substring(last, quoted.start())));
            out.append('`').append(quoted.group(1).replace("|", "\\|")).append('`');
            last = quoted.end();
        }
        out.append(escape(text.substring(last)));
        return out.toString().replace("\n", " ");
    }

    private static String escape(String text) {
        return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static Comparator<String> sectionOrder() {
        return Comparator.comparingInt((String section) -> {
                    int index = SECTION_ORDER.indexOf(section);
                    return index < 0 ? SECTION_ORDER.size() : index;
                })
                .thenComparing(Comparator.naturalOrder());
    }

    /** The first file's entry, with what it lacks taken from the second. */
    private static JsonNode fillIn(JsonNode first, JsonNode second) {
        tools.jackson.databind.node.ObjectNode merged = ((tools.jackson.databind.node.ObjectNode) first).deepCopy();
        second.properties().forEach(entry -> {
            if (!merged.has(entry.getKey())) {
                merged.set(entry.getKey(), entry.getValue());
            }
        });
        return merged;
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(text(item)));
            return String.join(",", items);
        }
        return value.isString() ? value.asString() : value.toString();
    }

    private static JsonNode read(String file) {
        try (InputStream in = ConfigurationDoc.class.getClassLoader().getResourceAsStream(file)) {
            return (in != null) ? new JsonMapper().readTree(in) : null;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
