package dev.zerobus.client;

import java.util.List;

/**
 * What a stream reports after its native object was freed: the last state, counters and id, why it ended, and (when
 * kept) a Java copy of the requests never acked.
 *
 * @param failure the native failure, {@code null} when the stream was closed without failing
 */
record FinalSnapshot(
        String tableName,
        StreamState state,
        StreamStats stats,
        String streamId,
        ZerobusException failure,
        List<UnackedBatch> unacked) {

    /** Reads everything a stream reports from the native stream, just before it is freed. */
    static FinalSnapshot read(long stream, String tableName, RecordType recordType, boolean keepUnacked) {
        try {
            ZerobusException failure = StreamErrors.failureOf(stream);
            StreamState state = StreamState.values()[NativeBridge.streamState(stream)];
            return new FinalSnapshot(
                    tableName,
                    (state == StreamState.FAILED) ? StreamState.FAILED : StreamState.CLOSED,
                    StreamStats.read(stream),
                    NativeBridge.streamId(stream),
                    failure,
                    keepUnacked ? UnackedBatch.read(stream, recordType) : List.of());
        } catch (RuntimeException ex) {
            return closedWithoutNative(tableName);
        }
    }

    /** For a stream whose native side cannot be read (or never served the application). */
    static FinalSnapshot closedWithoutNative(String tableName) {
        return new FinalSnapshot(tableName, StreamState.CLOSED, StreamStats.EMPTY, null, null, List.of());
    }

    /** The error pending futures complete with: the real failure, or that the stream was closed first. */
    ZerobusException error() {
        return (this.failure != null) ? this.failure : StreamErrors.closed(this.tableName);
    }

    /** The error a call on the ended stream throws: a fresh exception, with the failure as its cause. */
    ZerobusException callError() {
        if (this.failure == null) {
            return StreamErrors.closed(this.tableName);
        }
        return new ZerobusException(
                "the stream to table " + this.tableName + " failed: " + this.failure.getMessage(),
                ZerobusException.Kind.STREAM_FAILED,
                false,
                this.failure.grpcStatus().orElse(-1),
                this.failure);
    }

    void requireAcked(long offset) {
        if (offset > this.stats.lastAckedOffset()) {
            throw callError();
        }
    }

    void requireAllAcked() {
        requireAcked(this.stats.lastAssignedOffset());
    }

    FinalSnapshot withoutUnacked() {
        return new FinalSnapshot(this.tableName, this.state, this.stats, this.streamId, this.failure, List.of());
    }
}
