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
}
