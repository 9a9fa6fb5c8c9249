package dev.zerobus.spring.autoconfigure;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.spring.TableNames;
import dev.zerobus.spring.TableOptions;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * The per-table settings as users write them. A table name has dots, so Boot's map binding reads
 * {@code zerobus.tables.main.iot.readings.streams} as key {@code main} and silently drops the rest; only the bracket
 * form {@code zerobus.tables[main.iot.readings].streams} binds. This class finds the dotted form in the environment and
 * binds it under its full table name, so both forms work; a key that is not {@code catalog.schema.table}, an unknown
 * setting or an unloadable protobuf class fails start-up naming the property. Descriptors are loaded here, once.
 */
final class TableSettings {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("zerobus.tables");

    private static final Set<String> SETTINGS = Set.of("proto-message-class", "streams", "eager", "stream");

    private static final String FORMS = "write zerobus.tables.<catalog>.<schema>.<table>.<setting> or"
            + " zerobus.tables[<catalog>.<schema>.<table>].<setting>, with <setting> one of " + SETTINGS;

    private final Map<String, ZerobusProperties.Table> tables;

    private final Map<String, Descriptor> descriptors = new LinkedHashMap<>();

    private final ZerobusProperties.Pool pool;

    TableSettings(ZerobusProperties properties, Environment environment) {
        this.pool = properties.getPool();
        this.tables = bind(properties, environment);
        this.tables.forEach((table, settings) -> {
            if (settings.getProtoMessageClass() != null) {
                this.descriptors.put(table, load(table, settings.getProtoMessageClass()));
            }
        });
    }

    Map<String, ZerobusProperties.Table> tables() {
        return this.tables;
    }

    /** The configured descriptor of a table, {@code null} when none is. */
    Descriptor descriptor(String table) {
        return this.descriptors.get(table);
    }

    TableOptions options(String table) {
        ZerobusProperties.Table settings = this.tables.get(table);
        int streams = (settings != null && settings.getStreams() != null)
                ? settings.getStreams()
                : this.pool.getStreamsPerTable();
        boolean eager = (settings != null && settings.getEager() != null) ? settings.getEager() : this.pool.isEager();
        return new TableOptions(streams, eager, this.descriptors.get(table));
    }

    List<String> eagerTables() {
        List<String> eager = new ArrayList<>();
        this.tables.keySet().forEach(table -> {
            if (options(table).eager()) {
                eager.add(table);
            }
        });
        return eager;
    }

    private static Map<String, ZerobusProperties.Table> bind(ZerobusProperties properties, Environment environment) {
        Map<String, ZerobusProperties.Table> tables = new LinkedHashMap<>();
        Map<String, ConfigurationPropertyName> dotted = new LinkedHashMap<>();
        Set<String> bracketed = new java.util.HashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(ROOT::isAncestorOf).forEach(name -> {
                int first = ROOT.getNumberOfElements();
                if (name.isLastElementIndexed() && name.getNumberOfElements() == first + 1) {
                    return;
                }
                if (name.getElement(first, ConfigurationPropertyName.Form.ORIGINAL)
                                .contains(".")
                        || name.isNumericIndex(first)) {
                    String table = name.getElement(first, ConfigurationPropertyName.Form.ORIGINAL);
                    requireSetting(name, first + 1, table);
                    bracketed.add(table);
                    return;
                }
                if (name.getNumberOfElements() < first + 4) {
                    throw invalid(name.toString(), "does not name a catalog.schema.table and a setting");
                }
                String table = name.getElement(first, ConfigurationPropertyName.Form.ORIGINAL) + "."
                        + name.getElement(first + 1, ConfigurationPropertyName.Form.ORIGINAL) + "."
                        + name.getElement(first + 2, ConfigurationPropertyName.Form.ORIGINAL);
                requireSetting(name, first + 3, table);
                dotted.putIfAbsent(table, name.chop(first + 3));
            });
        }
        Binder binder = Binder.get(environment);
        for (Map.Entry<String, ZerobusProperties.Table> entry :
                properties.getTables().entrySet()) {
            if (bracketed.contains(entry.getKey()) || TableNames.isValid(entry.getKey())) {
                tables.put(entry.getKey(), entry.getValue());
            }
        }
        dotted.forEach((table, prefix) -> {
            if (tables.containsKey(table)) {
                throw invalid(
                        "zerobus.tables." + table, "is set in both the dotted and the bracket form; use one of them");
            }
            tables.put(table, binder.bindOrCreate(prefix, Bindable.of(ZerobusProperties.Table.class), null));
        });
        tables.forEach((table, settings) -> {
            if (!TableNames.isValid(table)) {
                throw invalid("zerobus.tables[" + table + "]", "is not keyed by a catalog.schema.table name");
            }
            org.springframework.validation.Errors errors =
                    new org.springframework.validation.SimpleErrors(settings, "zerobus.tables." + table);
            PropertiesValidation.validate(table, settings, errors);
            if (errors.hasErrors()) {
                throw new InvalidZerobusConfigurationException(
                        "zerobus.tables." + table,
                        "is invalid: " + errors.getAllErrors().get(0).getDefaultMessage(),
                        "Fix the setting named.",
                        null);
            }
        });
        return tables;
    }

    private static void requireSetting(ConfigurationPropertyName name, int index, String table) {
        if (name.getNumberOfElements() <= index
                || !SETTINGS.contains(name.getElement(index, ConfigurationPropertyName.Form.DASHED))) {
            throw invalid(name.toString(), "is not a setting of table '" + table + "'");
        }
    }

    private static InvalidZerobusConfigurationException invalid(String property, String problem) {
        return new InvalidZerobusConfigurationException(property, problem, "Per-table settings: " + FORMS + ".", null);
    }

    private static Descriptor load(String table, String className) {
        try {
            Class<?> type = ClassUtils.forName(className, TableSettings.class.getClassLoader());
            Method getDescriptor = type.getMethod("getDescriptor");
            return (Descriptor) getDescriptor.invoke(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException ex) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.tables." + table + ".proto-message-class",
                    "= " + className + " is not a generated protobuf message class on the classpath",
                    "Set it to the fully qualified name of the protoc-generated class of the table's rows.",
                    ex);
        }
    }
}
