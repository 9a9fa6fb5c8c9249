package dev.zerobus.test;

/**
 * Derives a business key from a stored record so that the server can count duplicates (delivery is at-least-once, so a
 * record re-sent after a reconnect arrives twice). Return {@code null} for records without a key.
 */
@FunctionalInterface
public interface RecordKeyExtractor {

    String key(IngestedRecord record);
}
