package dev.zerobus.spring;

import dev.zerobus.client.StreamState;
import dev.zerobus.client.StreamStats;
import dev.zerobus.client.ZerobusStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when a pooled stream has failed for good, UP otherwise (recovering and paused streams are still delivering).
 * Details per table: state, stream id, in-flight requests, acknowledged offset and recoveries; never credentials.
 */
public class ZerobusHealthIndicator extends AbstractHealthIndicator {

    private final ZerobusStreamPool pool;

    public ZerobusHealthIndicator(ZerobusStreamPool pool) {
        super("Zerobus health check failed");
        this.pool = pool;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        boolean failed = false;
        Map<String, Object> tables = new LinkedHashMap<>();
        for (Map.Entry<String, ZerobusStream> entry : this.pool.streams().entrySet()) {
            ZerobusStream stream = entry.getValue();
            StreamState state = stream.state();
            failed |= state == StreamState.FAILED;
            StreamStats stats = stream.stats();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("state", state);
            details.put("streamId", stream.streamId());
            details.put("inflightRequests", stats.inflightRequests());
            details.put("lastAckedOffset", stats.lastAckedOffset());
            details.put("recoveries", stats.recoveries());
            tables.put(entry.getKey(), details);
        }
        (failed ? builder.down() : builder.up()).withDetail("tables", tables);
    }
}
