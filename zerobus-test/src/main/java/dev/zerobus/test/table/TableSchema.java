package dev.zerobus.test.table;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The columns of a Delta table that the test server checks records against, as the service does against the Unity
 * Catalog table. Immutable. Declare it
 *
 * <ul>
 *   <li>in code: {@code TableSchema.of(Column.notNull("device_id", DeltaType.STRING), Column.of("temp",
 *       DeltaType.DOUBLE))};
 *   <li>as the column list of a CREATE TABLE statement: {@code TableSchema.parse("device_id STRING NOT NULL, temp
 *       DOUBLE, tags MAP<STRING, STRING>")};
 *   <li>in a JSON file: {@code {"columns": [{"name": "device_id", "type": "STRING", "nullable": false}, ...]}} (types
 *       in SQL spelling, {@code nullable} defaults to true), read by {@link #fromJson(String)} or {@link #load(Path)}.
 * </ul>
 */
public final class TableSchema {

    private final List<Column> columns;
    private final Map<String, Column> byName;

    private TableSchema(List<Column> columns) {
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        if (columns.size() > 2000) {
            throw new IllegalArgumentException(
                    "a table has at most 2,000 columns (protocol §7), not " + columns.size());
        }
        this.columns = List.copyOf(columns);
        requireUniqueNames(this.columns, "table");
        this.byName = new HashMap<>();
        for (Column column : this.columns) {
            byName.put(column.name(), column);
        }
    }

    public static TableSchema of(Column... columns) {
        return new TableSchema(List.of(columns));
    }

    public static TableSchema of(List<Column> columns) {
        return new TableSchema(columns);
    }

    /** From the column list of a CREATE TABLE statement: {@code a INT NOT NULL, b STRUCT<x: DOUBLE>}. */
    public static TableSchema parse(String columnsDdl) {
        return new TableSchema(SchemaDdl.parseColumns(columnsDdl));
    }

    /** From the JSON form {@code {"columns": [{"name": .., "type": .., "nullable": ..}, ..]}}. */
    public static TableSchema fromJson(String json) {
        return new TableSchema(SchemaJson.parseColumns(json));
    }

    /** Reads a schema file: JSON ({@code .json}) or a CREATE TABLE column list (any other name, e.g. {@code .sql}). */
    public static TableSchema load(Path file) {
        try {
            return read(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the table schema " + file, e);
        }
    }

    /** Like {@link #load(Path)} for a stream; {@code name} decides the format by its extension. */
    public static TableSchema read(String name, InputStream in) throws IOException {
        return read(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }

    private static TableSchema read(String name, String text) {
        try {
            return name.toLowerCase(Locale.ROOT).endsWith(".json") ? fromJson(text) : parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("table schema " + name + ": " + e.getMessage(), e);
        }
    }

    public List<Column> columns() {
        return columns;
    }

    /** The column called {@code name} (exact spelling), or null. */
    public Column column(String name) {
        return byName.get(name);
    }

    /** The schema as a STRUCT, the way nested records see it. */
    public DeltaType.Struct asStruct() {
        return new DeltaType.Struct(columns);
    }

    /** The column list of a CREATE TABLE statement; {@link #parse} reads it back. */
    public String sql() {
        return columns.stream().map(Column::sql).collect(Collectors.joining(", "));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TableSchema that && columns.equals(that.columns);
    }

    @Override
    public int hashCode() {
        return columns.hashCode();
    }

    @Override
    public String toString() {
        return "TableSchema[" + sql() + "]";
    }

    /** Delta column names are case-insensitive: two that differ only in case are one name twice. */
    static void requireUniqueNames(List<Column> columns, String where) {
        Map<String, String> seen = new HashMap<>();
        for (Column column : columns) {
            String previous = seen.put(column.name().toLowerCase(Locale.ROOT), column.name());
            if (previous != null) {
                throw new IllegalArgumentException(
                        "duplicate column name in " + where + ": " + previous + " and " + column.name());
            }
        }
    }
}
