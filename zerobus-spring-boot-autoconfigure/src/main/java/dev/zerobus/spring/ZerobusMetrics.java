package dev.zerobus.spring;

import dev.zerobus.client.ZerobusStream;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer meters, tagged by {@code table}: {@code zerobus.records.sent}, {@code zerobus.records.acknowledged} and
 * {@code zerobus.records.failed} counters from the template, and the pooled streams' {@code zerobus.stream.inflight}
 * (requests), {@code zerobus.stream.inflight.bytes} gauges and {@code zerobus.stream.recoveries} counter.
 */
public class ZerobusMetrics implements IngestListener {

    private final ZerobusStreamPool pool;

    private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();

    private final MeterRegistry registry;

    public ZerobusMetrics(ZerobusStreamPool pool, MeterRegistry registry) {
        this.pool = pool;
        this.registry = registry;
    }

    @Override
    public void sent(String table, int records) {
        meters(table).sent.increment(records);
    }

    @Override
    public void acknowledged(String table, int records) {
        meters(table).acknowledged.increment(records);
    }

    @Override
    public void failed(String table, int records, Throwable cause) {
        meters(table).failed.increment(records);
    }

    private TableMeters meters(String table) {
        TableMeters meters = this.tables.get(table);
        return (meters != null)
                ? meters
                : this.tables.computeIfAbsent(table, name -> new TableMeters(this.registry, name, this.pool));
    }

    private static final class TableMeters {

        final Counter sent;

        final Counter acknowledged;

        final Counter failed;

        TableMeters(MeterRegistry registry, String table, ZerobusStreamPool pool) {
            this.sent = counter(registry, "zerobus.records.sent", table, "Records accepted by a stream");
            this.acknowledged =
                    counter(registry, "zerobus.records.acknowledged", table, "Records made durable by the service");
            this.failed = counter(registry, "zerobus.records.failed", table, "Records refused or failed");
            gauge(
                    registry,
                    pool,
                    "zerobus.stream.inflight",
                    table,
                    "Requests sent or queued, not yet durable",
                    stream -> stream.stats().inflightRequests());
            gauge(
                    registry,
                    pool,
                    "zerobus.stream.inflight.bytes",
                    table,
                    "Payload bytes not yet durable",
                    stream -> stream.stats().inflightBytes());
            FunctionCounter.builder(
                            "zerobus.stream.recoveries",
                            pool,
                            p -> statOf(p, table, stream -> stream.stats().recoveries()))
                    .tag("table", table)
                    .description("Reconnects of the table's stream after failures")
                    .register(registry);
        }

        private static Counter counter(MeterRegistry registry, String name, String table, String description) {
            return Counter.builder(name)
                    .tag("table", table)
                    .baseUnit("records")
                    .description(description)
                    .register(registry);
        }

        private static void gauge(
                MeterRegistry registry,
                ZerobusStreamPool pool,
                String name,
                String table,
                String description,
                ToDoubleFunction<ZerobusStream> value) {
            Gauge.builder(name, pool, p -> statOf(p, table, value))
                    .tag("table", table)
                    .description(description)
                    .register(registry);
        }

        private static double statOf(ZerobusStreamPool pool, String table, ToDoubleFunction<ZerobusStream> value) {
            ZerobusStream stream = pool.streams().get(table);
            return (stream != null) ? value.applyAsDouble(stream) : 0;
        }
    }
}
