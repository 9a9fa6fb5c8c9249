package dev.zerobus.spring;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of the pooled streams, read from the counters the client keeps (no network call, so a probe never waits on
 * the service). A table is DOWN when it cannot deliver: no stream of it is open and the last attempt to open one
 * failed (or opening has taken longer than the ack-stall threshold), or records are in flight and no acknowledgement
 * progress was seen for longer than the threshold. The indicator is DOWN when a table is, OUT_OF_SERVICE while a table
 * is still opening its first stream (not ready yet: Boot's aggregation ranks UNKNOWN below UP, so UNKNOWN would let a
 * readiness group report UP before anything can be delivered), UP otherwise (recovering and paused streams that still
 * make progress are UP).
 * Details per table: status, stream states, open streams, in-flight, last ack age, recoveries, replacements, last error;
 * never credentials.
 */
public class ZerobusHealthIndicator extends AbstractHealthIndicator {

    private final ZerobusStreamPool pool;

    private final long stallMillis;

    public ZerobusHealthIndicator(ZerobusStreamPool pool, Duration ackStallThreshold) {
        super("Zerobus health check failed");
        this.pool = pool;
        this.stallMillis = ackStallThreshold.toMillis();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Status overall = Status.UP;
        boolean opening = false;
        Map<String, Object> tables = new LinkedHashMap<>();
        for (TableStatus table : this.pool.status().values()) {
            Status status = statusOf(table);
            if (status == Status.DOWN) {
                overall = Status.DOWN;
            }
            opening |= status == Status.OUT_OF_SERVICE;
            tables.put(table.table(), details(table, status));
        }
        if (overall != Status.DOWN && opening) {
            overall = Status.OUT_OF_SERVICE;
        }
        builder.status(overall).withDetail("tables", tables);
    }

    private Status statusOf(TableStatus table) {
        if (table.inflightRequests() > 0 && table.millisSinceAckProgress() > this.stallMillis) {
            return Status.DOWN;
        }
        if (table.openStreams() > 0) {
            return Status.UP;
        }
        if (table.states().contains("UNAVAILABLE") || table.millisUnavailable() > this.stallMillis) {
            return Status.DOWN;
        }
        return Status.OUT_OF_SERVICE;
    }

    private static Map<String, Object> details(TableStatus table, Status status) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("status", status.getCode());
        details.put("streams", table.states());
        details.put("openStreams", table.openStreams());
        details.put("inflightRequests", table.inflightRequests());
        details.put("inflightBytes", table.inflightBytes());
        if (table.millisSinceAckProgress() >= 0) {
            details.put("millisSinceAckProgress", table.millisSinceAckProgress());
        }
        details.put("recoveries", table.recoveries());
        details.put("replacements", table.replacements());
        if (table.waitingRequests() > 0) {
            details.put("waitingRequests", table.waitingRequests());
        }
        if (table.lastError() != null) {
            details.put("lastError", table.lastError());
        }
        return details;
    }
}
