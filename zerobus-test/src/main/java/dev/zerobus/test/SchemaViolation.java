package dev.zerobus.test;

/** A record that breaks its table's schema; the message names the column and the rule. Cheap: no stack trace. */
final class SchemaViolation extends Exception {

    SchemaViolation(String message) {
        super(message, null, false, false);
    }

    static SchemaViolation at(String path, String typeSql, String rule) {
        return new SchemaViolation("column '" + path + "' (" + typeSql + "): " + rule);
    }
}
