package dev.zerobus.test.table;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Opens {@link TableWriter}s; found with {@link java.util.ServiceLoader} ({@code
 * META-INF/services/dev.zerobus.test.table.TableWriterProvider}), so that the test server itself needs none of a
 * format's dependencies.
 */
public interface TableWriterProvider {

    /** The format's name, e.g. {@code delta}. */
    String format();

    /**
     * A writer for {@code table} in {@code directory}: creates the table there if there is none, appends to it if there
     * is one of the same schema.
     *
     * @throws IllegalStateException when the existing table's schema differs from {@code schema}
     */
    TableWriter open(Path directory, String table, TableSchema schema) throws IOException;
}
