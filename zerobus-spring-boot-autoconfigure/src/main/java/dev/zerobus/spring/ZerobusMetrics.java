package dev.zerobus.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters with fixed tag keys. From the template: {@code zerobus.records.sent},
 * {@code zerobus.records.acknowledged} ({@code table}), {@code zerobus.records.failed} ({@code table}, {@code reason},
 * see {@link FailureReason}), {@code zerobus.bytes.sent} and the {@code zerobus.ack.latency} timer (send to durable
 * acknowledgement; histogram and percentiles through Boot's {@code management.metrics.distribution.*}). From the pool,
 * read passively: {@code zerobus.stream.inflight}, {@code zerobus.stream.inflight.bytes}, {@code zerobus.streams.open}
 * gauges and {@code zerobus.stream.recoveries}, {@code zerobus.stream.close.signals},
 * {@code zerobus.stream.replacements} counters. Tag values are only ever valid table names that are configured or were
 * sent to, so a caller's typo cannot create meters.
 */
public class ZerobusMetrics implements IngestListener {

    private final ZerobusStreamPool pool;

    private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

    private final MeterRegistry registry;

    public ZerobusMetrics(ZerobusStreamPool pool, MeterRegistry registry, Collection<String> configuredTables) {
        this.pool = pool;
        this.registry = registry;
        configuredTables.stream().filter(TableNames::isValid).forEach(this::meters);
    }

    @Override
    public void sent(String table, int records, long bytes) {
        TableMeters meters = meters(table);
        if (meters != null) {
            meters.sent.increment(records);
            meters.bytes.increment(bytes);
        }
    }

    @Override
    public void acknowledged(String table, int records, long nanos) {
        TableMeters meters = meters(table);
        if (meters != null) {
            meters.acknowledged.increment(records);
            meters.latency.record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void failed(String table, int records, FailureReason reason, Throwable cause) {
        TableMeters meters = meters(table);
        if (meters != null) {
            meters.failed.get(reason).increment(records);
        }
    }

    private TableMeters meters(String table) {
        TableMeters meters = this.tables.get(table);
        if (meters != null) {
            return meters;
        }
        if (!TableNames.isValid(table)) {
            return null;
        }
        return this.tables.computeIfAbsent(table, name -> new TableMeters(this.registry, name, this.pool));
    }

    private static final class TableMeters {

        final Counter sent;

        final Counter acknowledged;

        final Counter bytes;

        final Map<FailureReason, Counter> failed = new EnumMap<>(FailureReason.class);

        final Timer latency;

        TableMeters(MeterRegistry registry, String table, ZerobusStreamPool pool) {
            this.sent = counter(registry, "zerobus.records.sent", table, "records", "Records taken by a stream");
            this.acknowledged = counter(
                    registry, "zerobus.records.acknowledged", table, "records", "Records made durable by the service");
            this.bytes = counter(registry, "zerobus.bytes.sent", table, "bytes", "Payload bytes taken by a stream");
            for (FailureReason reason : FailureReason.values()) {
                this.failed.put(
                        reason,
                        Counter.builder("zerobus.records.failed")
                                .tag("table", table)
                                .tag("reason", reason.tagValue())
                                .baseUnit("records")
                                .description("Records refused or not delivered")
                                .register(registry));
            }
            this.latency = Timer.builder("zerobus.ack.latency")
                    .tag("table", table)
                    .description("Time from send to durable acknowledgement")
                    .register(registry);
            gauge(
                    registry,
                    pool,
                    "zerobus.stream.inflight",
                    table,
                    "Requests not yet durable",
                    TableStatus::inflightRequests);
            gauge(
                    registry,
                    pool,
                    "zerobus.stream.inflight.bytes",
                    table,
                    "Payload bytes not yet durable",
                    TableStatus::inflightBytes);
            gauge(registry, pool, "zerobus.streams.open", table, "Open streams", TableStatus::openStreams);
            functionCounter(
                    registry,
                    pool,
                    "zerobus.stream.recoveries",
                    table,
                    "Reconnects after failures",
                    TableStatus::recoveries);
            functionCounter(
                    registry,
                    pool,
                    "zerobus.stream.close.signals",
                    table,
                    "Close signals from the server",
                    TableStatus::closeSignals);
            functionCounter(
                    registry,
                    pool,
                    "zerobus.stream.replacements",
                    table,
                    "Streams that failed for good and were replaced",
                    TableStatus::replacements);
        }

        private static Counter counter(
                MeterRegistry registry, String name, String table, String unit, String description) {
            return Counter.builder(name)
                    .tag("table", table)
                    .baseUnit(unit)
                    .description(description)
                    .register(registry);
        }

        private static void gauge(
                MeterRegistry registry,
                ZerobusStreamPool pool,
                String name,
                String table,
                String description,
                ToDoubleFunction<TableStatus> value) {
            Gauge.builder(name, pool, p -> statOf(p, table, value))
                    .tag("table", table)
                    .description(description)
                    .register(registry);
        }

        private static void functionCounter(
                MeterRegistry registry,
                ZerobusStreamPool pool,
                String name,
                String table,
                String description,
                ToDoubleFunction<TableStatus> value) {
            FunctionCounter.builder(name, pool, p -> statOf(p, table, value))
                    .tag("table", table)
                    .description(description)
                    .register(registry);
        }

        private static double statOf(ZerobusStreamPool pool, String table, ToDoubleFunction<TableStatus> value) {
            TableStatus status = pool.status(table);
            return (status != null) ? value.applyAsDouble(status) : 0;
        }
    }
}
