package dev.zerobus.client;

import java.lang.System.Logger.Level;

/**
 * What happens to a stream the application dropped without closing it, when the Cleaner frees it: a warning with how
 * many requests and records were still unacknowledged (they are gone: nobody can retrieve them any more), and every
 * pending future settled, so none waits forever. Holds no reference to the stream itself.
 */
record StreamLeak(PendingAcks pending, String tableName) {

    private static final System.Logger LOGGER = System.getLogger(NativeLog.LOGGER_NAME);

    /** Runs on the Cleaner thread with the native handle still valid. */
    void report(long stream) {
        StreamStats stats = StreamStats.read(stream);
        long unacked = stats.lastAssignedOffset() - stats.lastAckedOffset();
        if (unacked > 0) {
            LOGGER.log(
                    Level.WARNING,
                    "a stream to table " + this.tableName + " became unreachable without close(): " + unacked
                            + " unacknowledged request(s) (" + stats.inflightBytes()
                            + " bytes) were dropped; close streams (or their ZerobusSdk) to flush them");
        }
        ZerobusException error = new ZerobusException(
                "the stream to table " + this.tableName + " was dropped without close() before this record was"
                        + " acknowledged",
                ZerobusException.Kind.STREAM_CLOSED,
                false);
        this.pending.terminate(stats.lastAckedOffset(), error);
    }
}
