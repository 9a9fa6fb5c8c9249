package dev.zerobus.spring;

import java.util.List;

/**
 * A passive snapshot of one table's streams, read from counters the client keeps (no network call): what health and
 * metrics report.
 *
 * @param table the Delta table
 * @param states the state of each stream slot: a {@code StreamState} name, {@code OPENING} while a stream is being
 *     opened or {@code UNAVAILABLE} when the last attempt failed and another is scheduled
 * @param openStreams slots with a stream that can take records
 * @param inflightRequests requests not yet acknowledged, over the table's streams
 * @param inflightBytes payload bytes not yet acknowledged
 * @param millisSinceAckProgress over the streams with requests in flight, the longest time without ack progress; -1
 *     when nothing is in flight
 * @param recoveries reconnects after failures, over every stream the table had (replaced ones included)
 * @param closeSignals close signals received, over every stream the table had
 * @param replacements streams that failed for good and were replaced
 * @param waitingRequests requests of failed streams held for re-sending on their replacement
 * @param lastError the last failure of the table's streams (opening or failing), {@code null} when none or when it was
 *     overcome
 * @param millisUnavailable how long the table has had a slot without a usable stream, -1 when it has none
 */
public record TableStatus(
        String table,
        List<String> states,
        int openStreams,
        long inflightRequests,
        long inflightBytes,
        long millisSinceAckProgress,
        long recoveries,
        long closeSignals,
        long replacements,
        long waitingRequests,
        String lastError,
        long millisUnavailable) {}
