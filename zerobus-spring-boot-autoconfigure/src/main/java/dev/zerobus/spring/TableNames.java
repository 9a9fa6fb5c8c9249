package dev.zerobus.spring;

/**
 * Checks table names before anything else happens to a record, so that a caller's typo never becomes a stream, a meter
 * or a tag value: {@code catalog.schema.table}, three non-empty ASCII parts without whitespace.
 */
public final class TableNames {

    private TableNames() {}

    /** Whether the name is a valid {@code catalog.schema.table}. */
    public static boolean isValid(String table) {
        if (table == null) {
            return false;
        }
        int parts = 1;
        int partLength = 0;
        for (int i = 0; i < table.length(); i++) {
            char c = table.charAt(i);
            if (c == '.') {
                if (partLength == 0) {
                    return false;
                }
                parts++;
                partLength = 0;
            } else if (c <= ' ' || c > '~') {
                return false;
            } else {
                partLength++;
            }
        }
        return parts == 3 && partLength > 0;
    }

    static void require(String table, Object record) {
        if (!isValid(table)) {
            throw new RecordRefusedException(
                    "Invalid table name '" + table + "': expected catalog.schema.table", table, record);
        }
    }
}
