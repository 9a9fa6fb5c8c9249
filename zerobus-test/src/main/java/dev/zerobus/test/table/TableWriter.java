package dev.zerobus.test.table;

import java.io.IOException;
import java.util.List;

/**
 * Writes the rows of one declared table to storage, one transaction per {@link #commit} (Delta output is one, in
 * {@code zerobus-test-delta}). The test server calls it from one thread at a time, and acknowledges the records of a
 * commit only after it returned.
 *
 * <p>Row values, by column type: BOOLEAN {@code Boolean}; TINYINT {@code Byte}; SMALLINT {@code Short}; INT {@code
 * Integer}; BIGINT {@code Long}; FLOAT {@code Float}; DOUBLE {@code Double}; DECIMAL {@code BigDecimal} at the column's
 * scale; STRING {@code String}; BINARY {@code byte[]}; DATE {@code Integer} days since 1970-01-01; TIMESTAMP and
 * TIMESTAMP_NTZ {@code Long} microseconds since the epoch; VARIANT {@code String} (its JSON text); STRUCT {@code
 * Object[]} in field order; ARRAY {@code List}; MAP {@code Map}; null for no value.
 */
public interface TableWriter extends AutoCloseable {

    /** Appends {@code rows} (in order) as one transaction; returns once they are durable. */
    void commit(List<Object[]> rows) throws IOException;

    @Override
    void close() throws IOException;
}
