package dev.zerobus.spring;

import java.time.Duration;
import java.util.List;

/**
 * Settings of the {@link ZerobusStreamPool}.
 *
 * @param maxBlock longest a send waits for a stream to open ({@code zerobus.template.max-block})
 * @param maxTables most tables streamed at once
 * @param idleTimeout a stream without records in flight and unused for this long is closed; {@code null} never
 * @param eagerTables tables whose streams are opened at start-up
 * @param failFast whether start-up fails when an eager table's stream cannot be opened
 * @param startupTimeout how long a fail-fast start-up waits for the eager tables' streams
 * @param shutdownTimeout bound on the whole close at shutdown ({@code zerobus.shutdown.flush-timeout})
 */
public record ZerobusPoolSettings(
        Duration maxBlock,
        int maxTables,
        Duration idleTimeout,
        List<String> eagerTables,
        boolean failFast,
        Duration startupTimeout,
        Duration shutdownTimeout) {

    public ZerobusPoolSettings {
        eagerTables = List.copyOf(eagerTables);
    }

    /** Lazy tables, 10 s max-block, 64 tables, no idle close, 30 s shutdown. */
    public static ZerobusPoolSettings defaults() {
        return new ZerobusPoolSettings(
                Duration.ofSeconds(10), 64, null, List.of(), false, Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
