package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;

/**
 * What the pool needs to know of one table.
 *
 * @param streams how many streams to keep open for the table (sends are spread round-robin over them)
 * @param eager whether to open the streams at start-up instead of on the first send
 * @param descriptor the protobuf descriptor configured for the table, or {@code null} for a JSON table
 */
public record TableOptions(int streams, boolean eager, Descriptor descriptor) {

    public TableOptions {
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be at least 1, was " + streams);
        }
    }

    /** One lazily opened JSON stream. */
    public static TableOptions defaults() {
        return new TableOptions(1, false, null);
    }
}
