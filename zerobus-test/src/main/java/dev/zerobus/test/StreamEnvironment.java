package dev.zerobus.test;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What every stream session shares: the store, the declared tables, the faults, the ack policy, the open streams, the
 * connections, a timer.
 */
record StreamEnvironment(
        RecordStore store,
        TableCatalog tables,
        FaultInjector faults,
        AckPolicy ackPolicy,
        StreamRegistry registry,
        ConnectionTracker connections,
        Supplier<ScheduledExecutorService> timer) {

    void schedule(Runnable task, Duration delay) {
        timer.get().schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }
}
