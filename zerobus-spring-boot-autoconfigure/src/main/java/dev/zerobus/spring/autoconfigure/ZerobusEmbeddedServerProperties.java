package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.table.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.Environment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The tables of the embedded server ({@code zerobus.embedded.enabled=true}) and its Delta output. A table is declared
 * by its full name with either its columns, as the column list of a CREATE TABLE statement, or a schema file:
 *
 * <pre>
 * zerobus:
 *   embedded:
 *     enabled: true
 *     strict-tables: true
 *     delta-directory: target/zerobus-delta
 *     tables:
 *       "[main.iot.readings]":
 *         columns:
 *           - device_id STRING NOT NULL
 *           - recorded_at TIMESTAMP NOT NULL
 *           - temperature DOUBLE
 *       "[main.iot.alerts]":
 *         schema: classpath:alerts-schema.json
 * </pre>
 *
 * In properties files: {@code zerobus.embedded.tables[main.iot.readings].columns=device_id STRING NOT NULL, temperature
 * DOUBLE}; the dotted form {@code zerobus.embedded.tables.main.iot.readings.columns} binds too. The column entries are
 * joined with ", " before they are parsed, so Spring's splitting of a comma-separated value at the commas of {@code
 * DECIMAL(10,2)} or {@code MAP<STRING, INT>} does no harm. A schema file is JSON ({@code {"columns": [{"name": ..,
 * "type": .., "nullable": ..}]}}, see {@link TableSchema}) or, with any other extension, a column list.
 */
@ConfigurationProperties("zerobus.embedded")
public class ZerobusEmbeddedServerProperties {

    private static final ConfigurationPropertyName TABLES = ConfigurationPropertyName.of("zerobus.embedded.tables");

    private static final String FORMS = "write zerobus.embedded.tables[<catalog>.<schema>.<table>].columns (or"
            + " .schema), or zerobus.embedded.tables.<catalog>.<schema>.<table>.columns";

    /** Tables the embedded server declares, by catalog.schema.table: their records are checked against the columns. */
    private Map<String, Table> tables = new LinkedHashMap<>();

    /** Whether streams to tables not declared here are refused (NOT_FOUND), as the service refuses unknown tables. */
    private boolean strictTables;

    /**
     * Directory under which each declared table is written as a Delta Lake table ('catalog/schema/table');
     * an existing table there is appended to. Needs dev.zerobus:zerobus-test-delta on the classpath.
     */
    private Path deltaDirectory;

    /** How often rows are committed to the Delta tables (at most 1s); acks wait for the commit of their rows. */
    private Duration commitInterval = Duration.ofMillis(200);

    public Map<String, Table> getTables() {
        return this.tables;
    }

    public void setTables(Map<String, Table> tables) {
        this.tables = tables;
    }

    public boolean isStrictTables() {
        return this.strictTables;
    }

    public void setStrictTables(boolean strictTables) {
        this.strictTables = strictTables;
    }

    public Path getDeltaDirectory() {
        return this.deltaDirectory;
    }

    public void setDeltaDirectory(Path deltaDirectory) {
        this.deltaDirectory = deltaDirectory;
    }

    public Duration getCommitInterval() {
        return this.commitInterval;
    }

    public void setCommitInterval(Duration commitInterval) {
        this.commitInterval = commitInterval;
    }

    /** One declared table: {@code columns} or {@code schema}, not both. */
    public static class Table {

        /** The columns, as the column list of a CREATE TABLE statement (one entry per column, or comma-separated). */
        private List<String> columns = new ArrayList<>();

        /** A schema file (e.g. classpath:readings-schema.json): JSON {"columns": [...]}, or a column list. */
        private Resource schema;

        public List<String> getColumns() {
            return this.columns;
        }

        public void setColumns(List<String> columns) {
            this.columns = columns;
        }

        public Resource getSchema() {
            return this.schema;
        }

        public void setSchema(Resource schema) {
            this.schema = schema;
        }
    }

    /** The settings of the environment, tables under the name users wrote in either form. */
    static ZerobusEmbeddedServerProperties bind(Environment environment) {
        Binder binder = Binder.get(environment);
        ZerobusEmbeddedServerProperties properties =
                binder.bindOrCreate("zerobus.embedded", Bindable.of(ZerobusEmbeddedServerProperties.class));
        Map<String, Table> tables = new LinkedHashMap<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            iterable.stream().filter(TABLES::isAncestorOf).forEach(name -> {
                int first = TABLES.getNumberOfElements();
                String key = name.getElement(first, ConfigurationPropertyName.Form.ORIGINAL);
                int setting = key.contains(".") ? first + 1 : first + 3;
                String table = key;
                if (!key.contains(".")) {
                    if (name.getNumberOfElements() <= first + 3) {
                        throw invalid(name.toString(), "does not name a catalog.schema.table and a setting");
                    }
                    table = key + "." + name.getElement(first + 1, ConfigurationPropertyName.Form.ORIGINAL) + "."
                            + name.getElement(first + 2, ConfigurationPropertyName.Form.ORIGINAL);
                }
                String settingName = name.getNumberOfElements() > setting
                        ? name.getElement(setting, ConfigurationPropertyName.Form.DASHED)
                        : "";
                if (!settingName.equals("columns") && !settingName.equals("schema")) {
                    throw invalid(name.toString(), "is not a setting of table '" + table + "' (columns or schema)");
                }
                if (!tables.containsKey(table)) {
                    tables.put(table, binder.bindOrCreate(name.chop(setting), Bindable.of(Table.class), null));
                }
            });
        }
        properties.setTables(tables);
        return properties;
    }

    /** Applies these settings to a server builder, reading schema files through {@code resources}. */
    ZerobusTestServer.Builder configure(ZerobusTestServer.Builder builder, ResourceLoader resources) {
        this.tables.forEach((table, settings) -> {
            try {
                builder.table(table, schema(table, settings, resources));
            } catch (IllegalArgumentException ex) {
                throw new InvalidZerobusConfigurationException(
                        "zerobus.embedded.tables[" + table + "]", "is invalid: " + ex.getMessage(), FORMS + ".", ex);
            }
        });
        builder.strictTables(this.strictTables);
        if (this.deltaDirectory != null) {
            builder.deltaDirectory(this.deltaDirectory).commitInterval(this.commitInterval);
        }
        return builder;
    }

    private static TableSchema schema(String table, Table settings, ResourceLoader resources) {
        boolean hasColumns = !settings.getColumns().isEmpty();
        if (hasColumns == (settings.getSchema() != null)) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.embedded.tables[" + table + "]", "needs either columns or schema", FORMS + ".", null);
        }
        if (hasColumns) {
            return TableSchema.parse(String.join(", ", settings.getColumns()));
        }
        Resource resource = settings.getSchema();
        try (InputStream in = resource.getInputStream()) {
            return TableSchema.read(resource.getFilename() == null ? "" : resource.getFilename(), in);
        } catch (IOException ex) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.embedded.tables[" + table + "].schema",
                    "= " + resource.getDescription() + " cannot be read: " + ex.getMessage(),
                    "Point it at a schema file, e.g. classpath:readings-schema.json.",
                    ex);
        }
    }

    private static InvalidZerobusConfigurationException invalid(String property, String problem) {
        return new InvalidZerobusConfigurationException(
                property, problem, "Embedded server tables: " + FORMS + ".", null);
    }
}
