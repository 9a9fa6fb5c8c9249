package dev.zerobus.test.table;

import java.util.Objects;

/** One column of a table (or field of a STRUCT): its name, its Delta type, and whether it may be null. */
public record Column(String name, DeltaType type, boolean nullable) {

    public Column {
        Objects.requireNonNull(type, "type");
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a column needs a name");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 127) {
                // Unity Catalog column names are ASCII (protocol §7).
                throw new IllegalArgumentException("column name '" + name + "' is not ASCII");
            }
        }
    }

    /** A nullable column. */
    public static Column of(String name, DeltaType type) {
        return new Column(name, type, true);
    }

    /** A NOT NULL column. */
    public static Column notNull(String name, DeltaType type) {
        return new Column(name, type, false);
    }

    /** {@code name TYPE [NOT NULL]}, as in a CREATE TABLE statement. */
    public String sql() {
        return name + " " + type.sql() + (nullable ? "" : " NOT NULL");
    }

    @Override
    public String toString() {
        return sql();
    }
}
