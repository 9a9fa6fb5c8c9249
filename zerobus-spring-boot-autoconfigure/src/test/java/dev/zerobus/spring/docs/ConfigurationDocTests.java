package dev.zerobus.spring.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.spring.autoconfigure.ZerobusProperties;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

/**
 * {@code docs/configuration.md} is what {@link ConfigurationDoc} generates from the configuration metadata. With
 * {@code -Dzerobus.docs.write=true} the test writes the file first (see {@link ConfigurationDoc#REGENERATE}).
 */
class ConfigurationDocTests {

    @Test
    void configurationDocIsGeneratedFromTheMetadata() throws Exception {
        String expected = ConfigurationDoc.generate();
        Path doc = Repository.root().resolve("docs/configuration.md");
        if (Boolean.getBoolean("zerobus.docs.write")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        if (!Files.exists(doc)) {
            fail("docs/configuration.md is missing. Generate it with:%n  %s", ConfigurationDoc.REGENERATE);
        }
        String actual = Files.readString(doc, StandardCharsets.UTF_8);
        if (!actual.equals(expected)) {
            fail(
                    "docs/configuration.md differs from the configuration metadata (%s). Regenerate it with:%n  %s%n%s",
                    String.join(" + ", ConfigurationDoc.METADATA_FILES),
                    ConfigurationDoc.REGENERATE,
                    firstDifference(actual, expected));
        }
    }

    @Test
    void everyPropertyHasARowWithItsTypeAndDescription() {
        String doc = ConfigurationDoc.generate();
        List<String> missing = new ArrayList<>();
        ConfigurationDoc.properties().values().forEach(property -> {
            if (property.type() != null && property.type().startsWith("java.util.Map<")) {
                return;
            }
            if (property.description().isBlank()
                    || property.type() == null
                    || !doc.contains("| `" + property.displayName() + "` | `")) {
                missing.add(property.name());
            }
        });
        assertThat(missing).as("properties without a complete row").isEmpty();
        assertThat(doc)
                .contains("| `zerobus.tables.<table>.streams` |")
                .contains("| `zerobus.tables.<table>.stream.max-inflight-requests` |")
                .contains("| `management.health.zerobus.ack-stall-threshold` |");
    }

    /**
     * The documented defaults of {@code zerobus.stream.*} are what the starter applies: its own where
     * {@link ZerobusProperties.Stream} sets one, else the client's ({@link StreamConfigurationOptions}).
     */
    @Test
    void documentedStreamDefaultsAreTheClientsDefaults() throws Exception {
        StreamConfigurationOptions defaults = StreamConfigurationOptions.defaults();
        int compared = 0;
        for (ConfigurationDoc.Property property : ConfigurationDoc.properties().values()) {
            if (!property.name().startsWith("zerobus.stream.") || property.defaultValue() == null) {
                continue;
            }
            Method accessor = accessor(property.name().substring("zerobus.stream.".length()));
            if (accessor == null) {
                continue;
            }
            Class<?> type = ClassUtils.forName(property.type(), getClass().getClassLoader());
            Object documented = ApplicationConversionService.getSharedInstance().convert(property.defaultValue(), type);
            if (documented instanceof DataSize size) {
                documented = size.toBytes();
            }
            Object starterDefault = starterDefault(property.name().substring("zerobus.stream.".length()));
            Object actual = (starterDefault != null) ? starterDefault : accessor.invoke(defaults);
            if (actual instanceof Optional<?> optional) {
                actual = optional.orElse(null);
            }
            if (documented instanceof Number number && actual instanceof Number other) {
                documented = number.longValue();
                actual = other.longValue();
            }
            assertThat(documented)
                    .as("%s: documented default %s", property.name(), property.defaultValue())
                    .isEqualTo(actual);
            compared++;
        }
        assertThat(compared).as("stream defaults compared").isGreaterThanOrEqualTo(8);
    }

    /** The starter's own default of a stream option: {@code ZerobusProperties.Stream.DEFAULT_MAX_INFLIGHT_RECORDS}. */
    private static Object starterDefault(String dashed) {
        try {
            return ZerobusProperties.Stream.class
                    .getField("DEFAULT_" + dashed.replace('-', '_').toUpperCase(java.util.Locale.ROOT))
                    .get(null);
        } catch (NoSuchFieldException | IllegalAccessException ex) {
            return null;
        }
    }

    /** {@code max-inflight-requests} names {@code maxInflightRequests()}. */
    private static Method accessor(String dashed) {
        StringBuilder camel = new StringBuilder();
        boolean upper = false;
        for (char c : dashed.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                camel.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        try {
            return StreamConfigurationOptions.class.getMethod(camel.toString());
        } catch (NoSuchMethodException ex) {
            return null;
        }
    }

    private static String firstDifference(String actual, String expected) {
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        for (int i = 0; i < Math.max(a.length, e.length); i++) {
            String left = i < a.length ? a[i] : "<end of file>";
            String right = i < e.length ? e[i] : "<end of file>";
            if (!left.equals(right)) {
                return "First difference at line " + (i + 1) + ":\n  file:      " + left + "\n  generated: " + right;
            }
        }
        return "";
    }
}
