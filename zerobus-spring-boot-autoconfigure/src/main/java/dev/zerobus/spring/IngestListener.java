package dev.zerobus.spring;

/**
 * Told what happens to the records a {@link ZerobusTemplate} sends, for metrics or auditing. Called on the sending
 * thread ({@link #sent}) and on the ack dispatcher thread ({@link #acknowledged}, {@link #failed}): keep it fast and
 * never block.
 */
public interface IngestListener {

    /** Records were accepted by the stream. */
    default void sent(String table, int records) {}

    /** Records became durable. */
    default void acknowledged(String table, int records) {}

    /** Records were refused at once or failed with their stream. */
    default void failed(String table, int records, Throwable cause) {}
}
