package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordType;
import dev.zerobus.client.ZerobusException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps the streams of every table, shared by all sending threads (streams are thread-safe): opened in the background
 * (at start-up for eager tables, else on first use), several per table when configured, a failed one replaced at once
 * with its unacknowledged requests re-sent on the replacement, idle ones closed. At shutdown, after the web server has
 * stopped taking requests, it closes every stream within {@code zerobus.shutdown.flush-timeout} in all and hands what
 * could not be delivered to the {@link UndeliveredRecordsHandler}.
 */
public class ZerobusStreamPool implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown, so that requests still being handled can send. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(ZerobusStreamPool.class);

    /** How often the pool looks for failed, unopened and idle streams; only counters are read (no network). */
    private static final long MONITOR_INTERVAL_MILLIS = 200;

    /** What a stream close may take beyond its timeout, for the server to end the call. */
    private static final long CLOSE_GRACE_MILLIS = 3_000;

    private final ZerobusStreamFactory streamFactory;

    private final Function<String, TableOptions> tableOptions;

    private final ZerobusPoolSettings settings;

    private final Map<String, TableStreams> tables = new ConcurrentHashMap<>();

    private final ScheduledExecutorService executor;

    private volatile UndeliveredRecordsHandler undeliveredHandler = (table, batches) -> {};

    private volatile boolean running;

    private volatile boolean shutDown;

    public ZerobusStreamPool(
            ZerobusStreamFactory streamFactory,
            Function<String, TableOptions> tableOptions,
            ZerobusPoolSettings settings) {
        this.streamFactory = streamFactory;
        this.tableOptions = tableOptions;
        this.settings = settings;
        this.executor = Executors.newScheduledThreadPool(2, daemonThreads());
    }

    public void setUndeliveredRecordsHandler(UndeliveredRecordsHandler handler) {
        this.undeliveredHandler = handler;
    }

    /**
     * An open stream for the table, waiting at most {@code zerobus.template.max-block} for one to open.
     *
     * @throws ZerobusException {@code STREAM_CLOSED} during shutdown, {@code INVALID_ARGUMENT} when the record type
     *     differs from the one of the table's streams or the pool is full, {@code TIMEOUT} when no stream opened in
     *     time, or the last error opening the table's stream while another attempt is scheduled
     */
    PooledStream streamFor(String table, RecordType type, Descriptor descriptor) {
        long deadline = System.nanoTime() + this.settings.maxBlock().toNanos();
        TableStreams streams = tableStreams(table, type, descriptor);
        if (streams.type != type) {
            throw new ZerobusException(
                    "Table '" + table + "' is streamed as " + streams.type + " in this application; a " + type
                            + " record cannot be sent to it",
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false);
        }
        PooledStream stream = streams.await(deadline);
        if (stream == null) {
            throw new ZerobusException(
                    "No stream of table " + table + " opened within " + this.settings.maxBlock()
                            + " (zerobus.template.max-block); the record was not taken",
                    ZerobusException.Kind.TIMEOUT,
                    true);
        }
        return stream;
    }

    private TableStreams tableStreams(String table, RecordType type, Descriptor descriptor) {
        requireRunning();
        TableStreams streams = this.tables.get(table);
        if (streams != null) {
            return streams;
        }
        synchronized (this.tables) {
            streams = this.tables.get(table);
            if (streams == null) {
                if (this.tables.size() >= this.settings.maxTables()) {
                    throw new ZerobusException(
                            "Zerobus stream pool is full (" + this.settings.maxTables()
                                    + " tables, zerobus.pool.max-tables)",
                            ZerobusException.Kind.INVALID_ARGUMENT,
                            false);
                }
                TableOptions options = this.tableOptions.apply(table);
                Descriptor streamDescriptor = (options.descriptor() != null) ? options.descriptor() : descriptor;
                RecordType streamType = (options.descriptor() != null) ? RecordType.PROTO : type;
                streams = new TableStreams(
                        table, streamType, (streamType == RecordType.PROTO) ? streamDescriptor : null, options, this);
                this.tables.put(table, streams);
            }
            return streams;
        }
    }

    private void requireRunning() {
        if (this.shutDown) {
            throw new ZerobusException(
                    "Zerobus stream pool is shut down; no more records are taken",
                    ZerobusException.Kind.STREAM_CLOSED,
                    false);
        }
    }

    /** A passive snapshot of every table the pool knows (no network call). */
    public Map<String, TableStatus> status() {
        Map<String, TableStatus> status = new LinkedHashMap<>();
        this.tables.values().stream()
                .sorted((a, b) -> a.name.compareTo(b.name))
                .forEach(table -> status.put(table.name, table.status()));
        return status;
    }

    /** A passive snapshot of one table, {@code null} when the pool has no stream for it yet. */
    public TableStatus status(String table) {
        TableStreams streams = this.tables.get(table);
        return (streams != null) ? streams.status() : null;
    }

    /** Flushes every stream: returns when everything sent so far is durable (each bounded by its flush timeout). */
    public void flushAll() {
        this.tables.keySet().forEach(this::flush);
    }

    /** Flushes the streams of one table, if it has any. */
    public void flush(String table) {
        TableStreams streams = this.tables.get(table);
        if (streams == null) {
            return;
        }
        for (StreamSlot slot : streams.slots()) {
            PooledStream stream = slot.current();
            if (stream != null && !stream.isDone()) {
                stream.stream.flush();
            }
        }
    }

    @Override
    public void start() {
        this.running = true;
        for (String table : this.settings.eagerTables()) {
            TableOptions options = this.tableOptions.apply(table);
            RecordType type = (options.descriptor() != null) ? RecordType.PROTO : RecordType.JSON;
            tableStreams(table, type, options.descriptor()).open();
        }
        this.executor.scheduleWithFixedDelay(
                this::tick, MONITOR_INTERVAL_MILLIS, MONITOR_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
        if (this.settings.failFast()) {
            awaitEagerTables();
        }
    }

    private void awaitEagerTables() {
        long deadline = System.nanoTime() + this.settings.startupTimeout().toNanos();
        for (String table : this.settings.eagerTables()) {
            for (StreamSlot slot : this.tables.get(table).slots()) {
                PooledStream stream;
                try {
                    stream = slot.await(deadline);
                } catch (ZerobusException ex) {
                    throw new IllegalStateException(
                            "Zerobus table " + table + " cannot be streamed to (zerobus.pool.fail-fast=true): "
                                    + ex.getMessage(),
                            ex);
                }
                if (stream == null) {
                    throw new IllegalStateException("No stream of Zerobus table " + table + " opened within "
                            + this.settings.startupTimeout() + " (zerobus.pool.startup-timeout)");
                }
            }
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (TableStreams table : this.tables.values()) {
            for (StreamSlot slot : table.slots()) {
                try {
                    slot.tick(now, this.settings.idleTimeout());
                } catch (RuntimeException ex) {
                    logger.debug("Zerobus pool check of table " + table.name + " failed", ex);
                }
            }
        }
    }

    @Override
    public void stop() {
        this.running = false;
        if (this.shutDown) {
            return;
        }
        this.shutDown = true;
        new PoolShutdown(this.tables.values(), this.settings.shutdownTimeout(), CLOSE_GRACE_MILLIS)
                .run(this.undeliveredHandler);
        this.executor.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    ZerobusStreamFactory streamFactory() {
        return this.streamFactory;
    }

    ScheduledExecutorService executor() {
        return this.executor;
    }

    boolean isShutDown() {
        return this.shutDown;
    }

    /** After shutdown began, a failed future is the record's final outcome: nothing is re-sent any more. */
    boolean failuresAreFinal() {
        return this.shutDown;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "zerobus-pool-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
