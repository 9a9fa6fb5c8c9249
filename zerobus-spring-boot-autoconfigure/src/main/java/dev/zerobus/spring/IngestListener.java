package dev.zerobus.spring;

/**
 * Told what happens to the records a {@link ZerobusTemplate} sends, in counts, for metrics or auditing
 * ({@link ZerobusSendListener} sees the records themselves). Called on the sending thread ({@link #sent}, and
 * {@link #failed} for refusals) and on the client's ack thread ({@link #acknowledged}, later {@link #failed}): keep it
 * fast and never block.
 */
public interface IngestListener {

    /** Records were taken by a stream; {@code bytes} is their payload size. */
    default void sent(String table, int records, long bytes) {}

    /** Records became durable, {@code nanos} after they were sent. */
    default void acknowledged(String table, int records, long nanos) {}

    /** Records were refused at once or failed later. */
    default void failed(String table, int records, FailureReason reason, Throwable cause) {}
}
