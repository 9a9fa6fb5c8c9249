package dev.zerobus.client;

/**
 * A snapshot of a stream's counters. Offsets are logical: they never reset across recoveries.
 *
 * @param inflightRequests requests queued or sent but not yet acknowledged
 * @param inflightBytes payload bytes of those requests
 * @param lastAckedOffset the acknowledged-up-to watermark, -1 before the first acknowledgement
 * @param lastAssignedOffset the offset of the last ingested request, -1 before the first one
 * @param recoveries reconnects after a failure (close-signal reconnects are not counted here)
 * @param recordsIngested records accepted by ingest calls (a batch counts each record)
 * @param requestsSent requests written to the wire, including re-sends after a reconnect
 * @param bytesSent payload bytes written to the wire, including re-sends
 * @param closeSignals close-stream signals received from the server
 * @param requestsResent requests sent again on a later call after a reconnect (included in {@code requestsSent})
 * @param millisSinceAckProgress milliseconds since the acknowledged watermark last advanced (or the stream opened); -1
 *     before the stream first opened
 */
public record StreamStats(
        long inflightRequests,
        long inflightBytes,
        long lastAckedOffset,
        long lastAssignedOffset,
        long recoveries,
        long recordsIngested,
        long requestsSent,
        long bytesSent,
        long closeSignals,
        long requestsResent,
        long millisSinceAckProgress) {

    /** Stats of a stream that never sent anything. */
    static final StreamStats EMPTY = new StreamStats(0, 0, -1, -1, 0, 0, 0, 0, 0, 0, -1);

    /** Reads a live native stream's counters. */
    static StreamStats read(long stream) {
        long[] values = new long[NativeBridge.STATS_LENGTH];
        NativeBridge.streamStats(stream, values);
        return new StreamStats(
                values[NativeBridge.STAT_INFLIGHT_REQUESTS],
                values[NativeBridge.STAT_INFLIGHT_BYTES],
                values[NativeBridge.STAT_LAST_ACKED_OFFSET],
                values[NativeBridge.STAT_LAST_ASSIGNED_OFFSET],
                values[NativeBridge.STAT_RECOVERIES],
                values[NativeBridge.STAT_RECORDS_INGESTED],
                values[NativeBridge.STAT_REQUESTS_SENT],
                values[NativeBridge.STAT_BYTES_SENT],
                values[NativeBridge.STAT_CLOSE_SIGNALS],
                values[NativeBridge.STAT_REQUESTS_RESENT],
                values[NativeBridge.STAT_MILLIS_SINCE_ACK_PROGRESS]);
    }
}
