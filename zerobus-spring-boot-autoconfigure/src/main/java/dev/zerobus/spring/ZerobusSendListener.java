package dev.zerobus.spring;

/**
 * Told the outcome of every record a {@link ZerobusTemplate} sends, with the record itself, like Spring Kafka's
 * {@code ProducerListener}: for example to log or park the records that failed. For a batch the record is the
 * collection. Called on the sending thread for refusals and on the client's ack thread otherwise: keep it fast.
 */
public interface ZerobusSendListener {

    /** The record became durable. */
    default void onSuccess(String table, Object record, IngestResult result) {}

    /** The record was refused or could not be delivered; the exception carries the record too. */
    default void onError(String table, Object record, ZerobusSendException exception) {}
}
