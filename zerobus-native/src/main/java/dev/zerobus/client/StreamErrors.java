package dev.zerobus.client;

/** The errors the Java layer raises itself for a stream, next to those the native core throws. */
final class StreamErrors {

    private StreamErrors() {}

    /** The error that failed the stream natively, or {@code null} when it has not failed (or the handle is gone). */
    static ZerobusException failureOf(long stream) {
        try {
            NativeBridge.throwFailure(stream);
            return null;
        } catch (ZerobusException failure) {
            return failure;
        } catch (IllegalStateException freed) {
            return null;
        }
    }

    /** Why an offset was never acked on a stream that ended: its failure, or that it was closed first. */
    static ZerobusException endedWithout(long stream, String tableName) {
        ZerobusException failure = failureOf(stream);
        return (failure != null) ? failure : closed(tableName);
    }

    static ZerobusException closed(String tableName) {
        return new ZerobusException(
                "the stream to table " + tableName + " is closed", ZerobusException.Kind.STREAM_CLOSED, false);
    }

    static ZerobusException invalidArgument(String message) {
        return new ZerobusException(message, ZerobusException.Kind.INVALID_ARGUMENT, false);
    }

    /** A close ended with records unacknowledged: the stream's failure, or that it was closed first; they are kept. */
    static ZerobusException recordsKept(String tableName, StreamStats stats, ZerobusException failure) {
        String kept = stats.inflightRequests() + " unacknowledged requests of table " + tableName
                + " are kept in unackedBatches() for recreateStream";
        return (failure != null)
                ? new ZerobusException(
                        "the stream failed: " + failure.getMessage() + "; " + kept,
                        ZerobusException.Kind.STREAM_FAILED,
                        false,
                        failure.grpcStatus().orElse(-1),
                        failure)
                : new ZerobusException(
                        "the stream ended before everything was acknowledged; " + kept,
                        ZerobusException.Kind.STREAM_CLOSED,
                        false);
    }

    /** A close whose flush timed out: that error, saying where the records went. */
    static ZerobusException withRecordsKept(ZerobusException flushError) {
        return new ZerobusException(
                flushError.getMessage() + "; they are kept in unackedBatches() for recreateStream",
                flushError.kind(),
                flushError.isRetryable(),
                flushError.grpcStatus().orElse(-1),
                flushError);
    }
}
