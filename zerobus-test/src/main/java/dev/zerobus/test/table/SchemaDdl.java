package dev.zerobus.test.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A parser for column lists and types in Databricks SQL spelling: {@code name TYPE [NOT NULL] [COMMENT '..']}, with
 * {@code DECIMAL(p,s)}, {@code ARRAY<t>}, {@code MAP<k, v>} and {@code STRUCT<name: t [NOT NULL], ...>}. Names may be
 * quoted with backticks.
 */
final class SchemaDdl {

    private final String text;
    private int pos;

    private SchemaDdl(String text) {
        this.text = text;
    }

    static List<Column> parseColumns(String ddl) {
        SchemaDdl parser = new SchemaDdl(ddl);
        List<Column> columns = new ArrayList<>();
        do {
            String name = parser.name();
            DeltaType type = parser.type();
            columns.add(new Column(name, type, !parser.notNull()));
            parser.skipComment();
        } while (parser.accept(','));
        parser.expectEnd();
        return columns;
    }

    static DeltaType parseType(String sql) {
        SchemaDdl parser = new SchemaDdl(sql);
        DeltaType type = parser.type();
        parser.expectEnd();
        return type;
    }

    private DeltaType type() {
        String word = word().toUpperCase(Locale.ROOT);
        return switch (word) {
            case "BOOLEAN" -> DeltaType.BOOLEAN;
            case "TINYINT", "BYTE" -> DeltaType.BYTE;
            case "SMALLINT", "SHORT" -> DeltaType.SHORT;
            case "INT", "INTEGER" -> DeltaType.INT;
            case "BIGINT", "LONG" -> DeltaType.LONG;
            case "FLOAT", "REAL" -> DeltaType.FLOAT;
            case "DOUBLE" -> DeltaType.DOUBLE;
            case "STRING" -> DeltaType.STRING;
            case "BINARY" -> DeltaType.BINARY;
            case "DATE" -> DeltaType.DATE;
            case "TIMESTAMP" -> DeltaType.TIMESTAMP;
            case "TIMESTAMP_NTZ" -> DeltaType.TIMESTAMP_NTZ;
            case "VARIANT" -> DeltaType.VARIANT;
            case "DECIMAL", "DEC", "NUMERIC" -> decimal();
            case "ARRAY" -> {
                expect('<');
                DeltaType element = type();
                boolean containsNull = !notNull();
                expect('>');
                yield new DeltaType.Array(element, containsNull);
            }
            case "MAP" -> {
                expect('<');
                DeltaType key = type();
                expect(',');
                DeltaType value = type();
                boolean valueContainsNull = !notNull();
                expect('>');
                yield new DeltaType.Map(key, value, valueContainsNull);
            }
            case "STRUCT" -> {
                expect('<');
                List<Column> fields = new ArrayList<>();
                do {
                    String name = name();
                    accept(':');
                    DeltaType type = type();
                    fields.add(new Column(name, type, !notNull()));
                    skipComment();
                } while (accept(','));
                expect('>');
                yield new DeltaType.Struct(fields);
            }
            default -> throw error("unknown type '" + word + "'");
        };
    }

    private DeltaType decimal() {
        if (!accept('(')) {
            return new DeltaType.Decimal(10, 0); // the SQL default
        }
        int precision = number();
        int scale = accept(',') ? number() : 0;
        expect(')');
        return new DeltaType.Decimal(precision, scale);
    }

    private boolean notNull() {
        int mark = pos;
        skipSpace();
        if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
            String word = word();
            if (word.equalsIgnoreCase("NOT")) {
                if (!word().equalsIgnoreCase("NULL")) {
                    throw error("expected NULL after NOT");
                }
                return true;
            }
        }
        pos = mark;
        return false;
    }

    private void skipComment() {
        int mark = pos;
        skipSpace();
        if (pos < text.length() && Character.isLetter(text.charAt(pos)) && word().equalsIgnoreCase("COMMENT")) {
            skipSpace();
            expect('\'');
            while (pos < text.length() && text.charAt(pos) != '\'') {
                pos++;
            }
            expect('\'');
            return;
        }
        pos = mark;
    }

    private String name() {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == '`') {
            int end = text.indexOf('`', pos + 1);
            if (end < 0) {
                throw error("unterminated `name`");
            }
            String name = text.substring(pos + 1, end);
            pos = end + 1;
            return name;
        }
        return word();
    }

    private String word() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a name or type");
        }
        return text.substring(start, pos);
    }

    private int number() {
        String word = word();
        try {
            return Integer.parseInt(word);
        } catch (NumberFormatException e) {
            throw error("expected a number, found '" + word + "'");
        }
    }

    private boolean accept(char c) {
        skipSpace();
        if (pos < text.length() && text.charAt(pos) == c) {
            pos++;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        if (!accept(c)) {
            throw error("expected '" + c + "'");
        }
    }

    private void expectEnd() {
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at position " + pos + " of \"" + text + "\"");
    }
}
