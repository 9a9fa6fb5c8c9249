package dev.zerobus.client;

/** The life of a stream. The ordinals are part of the JNI contract. */
public enum StreamState {
    /** The first RPC is being opened. */
    CREATING,
    /** Records are sent and acknowledged. */
    OPEN,
    /** The server sent a close signal: nothing new is sent, acks are still read, a reconnect follows. */
    PAUSED,
    /** The connection broke; a new RPC is being opened and unacked requests will be re-sent. */
    RECOVERING,
    /** The stream failed for good; unacked payloads are available from {@link ZerobusStream#unackedBatches()}. */
    FAILED,
    /** The stream was flushed and closed by the user. */
    CLOSED
}
