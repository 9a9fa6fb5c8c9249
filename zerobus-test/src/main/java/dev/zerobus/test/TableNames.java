package dev.zerobus.test;

/** The Unity Catalog table name rule: exactly three non-empty parts separated by dots. */
final class TableNames {

    private TableNames() {}

    /** Null when {@code name} is valid, else why it is not. */
    static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "table name is missing";
        }
        String[] parts = name.split("\\.", -1);
        if (parts.length != 3) {
            return "table name '" + name + "' must have three parts catalog.schema.table, found " + parts.length;
        }
        for (String part : parts) {
            if (part.isBlank()) {
                return "table name '" + name + "' has an empty part";
            }
        }
        return null;
    }

    static String catalog(String table) {
        return table.substring(0, table.indexOf('.'));
    }

    static String schema(String table) {
        return table.substring(0, table.lastIndexOf('.'));
    }
}
