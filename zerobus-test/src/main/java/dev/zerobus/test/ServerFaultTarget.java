package dev.zerobus.test;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What {@link FaultInjector} acts on in a running {@link ZerobusTestServer}: its open streams, its connections and its
 * timer. A class of its own so that the server only wires it up.
 */
final class ServerFaultTarget implements FaultInjector.Target {

    private final StreamRegistry registry;
    private final ConnectionTracker connections;
    private final Supplier<ScheduledExecutorService> timer;

    ServerFaultTarget(
            StreamRegistry registry, ConnectionTracker connections, Supplier<ScheduledExecutorService> timer) {
        this.registry = registry;
        this.connections = connections;
        this.timer = timer;
    }

    @Override
    public void sendCloseSignalToOpenStreams(Duration closeAfter, boolean withDuration) {
        registry.sendCloseSignal(closeAfter, withDuration);
    }

    @Override
    public void endOpenStreamsCleanly() {
        registry.endCleanly();
    }

    @Override
    public void flushAcks() {
        registry.flushAcks();
    }

    @Override
    public void schedule(Runnable task, Duration delay) {
        timer.get().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    @Override
    public int freezeConnections() {
        return connections.freezeAll();
    }

    @Override
    public void unfreezeConnections() {
        connections.unfreezeAll();
    }
}
