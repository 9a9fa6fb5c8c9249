package dev.zerobus.test.table;

import java.util.List;
import java.util.Objects;

/**
 * The type of a Delta table column, as Databricks SQL spells it: the primitives of {@link Primitive}, {@code
 * DECIMAL(p,s)}, {@code ARRAY<t>}, {@code MAP<k,v>} and {@code STRUCT<name: t, ...>}. {@link #sql()} gives that
 * spelling and {@link #parse(String)} reads it back.
 */
public sealed interface DeltaType
        permits DeltaType.Primitive, DeltaType.Decimal, DeltaType.Array, DeltaType.Map, DeltaType.Struct {

    Primitive BOOLEAN = Primitive.BOOLEAN;
    Primitive BYTE = Primitive.BYTE;
    Primitive SHORT = Primitive.SHORT;
    Primitive INT = Primitive.INT;
    Primitive LONG = Primitive.LONG;
    Primitive FLOAT = Primitive.FLOAT;
    Primitive DOUBLE = Primitive.DOUBLE;
    Primitive STRING = Primitive.STRING;
    Primitive BINARY = Primitive.BINARY;
    Primitive DATE = Primitive.DATE;
    Primitive TIMESTAMP = Primitive.TIMESTAMP;
    Primitive TIMESTAMP_NTZ = Primitive.TIMESTAMP_NTZ;
    Primitive VARIANT = Primitive.VARIANT;

    /** The Databricks SQL spelling, e.g. {@code BIGINT}, {@code DECIMAL(10,2)}, {@code MAP<STRING, INT>}. */
    String sql();

    static Decimal decimal(int precision, int scale) {
        return new Decimal(precision, scale);
    }

    /** An array whose elements may be null. */
    static Array array(DeltaType element) {
        return new Array(element, true);
    }

    /** A map whose values may be null (keys never are). */
    static Map map(DeltaType key, DeltaType value) {
        return new Map(key, value, true);
    }

    static Struct struct(Column... fields) {
        return new Struct(List.of(fields));
    }

    /** Reads a type in Databricks SQL spelling ({@code INT}, {@code ARRAY<STRUCT<a: INT NOT NULL>>}, ...). */
    static DeltaType parse(String sql) {
        return SchemaDdl.parseType(sql);
    }

    /** The types without parameters. Aliases in SQL: TINYINT = BYTE, SMALLINT = SHORT, INTEGER = INT, BIGINT = LONG. */
    enum Primitive implements DeltaType {
        BOOLEAN("BOOLEAN"),
        BYTE("TINYINT"),
        SHORT("SMALLINT"),
        INT("INT"),
        LONG("BIGINT"),
        FLOAT("FLOAT"),
        DOUBLE("DOUBLE"),
        STRING("STRING"),
        BINARY("BINARY"),
        /** Days since 1970-01-01. */
        DATE("DATE"),
        /** Microseconds since the epoch, UTC. */
        TIMESTAMP("TIMESTAMP"),
        /** Microseconds since the epoch, no time zone. */
        TIMESTAMP_NTZ("TIMESTAMP_NTZ"),
        /** Any JSON value. */
        VARIANT("VARIANT");

        private final String sql;

        Primitive(String sql) {
            this.sql = sql;
        }

        @Override
        public String sql() {
            return sql;
        }
    }

    /** {@code DECIMAL(precision, scale)}: at most 38 digits, {@code scale} of them after the point. */
    record Decimal(int precision, int scale) implements DeltaType {
        public Decimal {
            if (precision < 1 || precision > 38 || scale < 0 || scale > precision) {
                throw new IllegalArgumentException(
                        "DECIMAL(" + precision + "," + scale + "): precision must be 1..38 and scale 0..precision");
            }
        }

        @Override
        public String sql() {
            return "DECIMAL(" + precision + "," + scale + ")";
        }
    }

    /** {@code ARRAY<element>}; {@code containsNull} says whether elements may be null. */
    record Array(DeltaType element, boolean containsNull) implements DeltaType {
        public Array {
            Objects.requireNonNull(element, "element");
        }

        @Override
        public String sql() {
            return "ARRAY<" + element.sql() + (containsNull ? "" : " NOT NULL") + ">";
        }
    }

    /** {@code MAP<key, value>}; keys are never null, {@code valueContainsNull} says whether values may be. */
    record Map(DeltaType key, DeltaType value, boolean valueContainsNull) implements DeltaType {
        public Map {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String sql() {
            return "MAP<" + key.sql() + ", " + value.sql() + (valueContainsNull ? "" : " NOT NULL") + ">";
        }
    }

    /** {@code STRUCT<name: type, ...>}: a nested record with its own columns. */
    record Struct(List<Column> fields) implements DeltaType {
        public Struct {
            fields = List.copyOf(fields);
            TableSchema.requireUniqueNames(fields, "STRUCT");
        }

        /** The field called {@code name} (exact spelling), or null. */
        public Column field(String name) {
            for (Column field : fields) {
                if (field.name().equals(name)) {
                    return field;
                }
            }
            return null;
        }

        @Override
        public String sql() {
            StringBuilder sql = new StringBuilder("STRUCT<");
            for (int i = 0; i < fields.size(); i++) {
                Column field = fields.get(i);
                sql.append(i == 0 ? "" : ", ")
                        .append(field.name())
                        .append(": ")
                        .append(field.type().sql());
                if (!field.nullable()) {
                    sql.append(" NOT NULL");
                }
            }
            return sql.append('>').toString();
        }
    }
}
