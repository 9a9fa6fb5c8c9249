package dev.zerobus.test;

import dev.zerobus.test.table.TableSchema;
import dev.zerobus.test.table.TableWriter;
import dev.zerobus.test.table.TableWriterProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Writes the rows of the declared tables to their output in small transactions: every {@code interval} on a thread of
 * its own, when a stream ends cleanly, and when the server stops. Rows reach a table in the order streams stored them.
 *
 * <p>Each {@link #append} gets a ticket (one sequence for all tables); after a round of commits every ticket up to
 * the last one taken before the round is durable, and {@code onCommitted} hears that ticket: the sessions then ack
 * the requests it covers. So an ack means the rows are committed. A failed commit keeps its rows for the next round
 * (acks wait meanwhile) and is logged.
 */
final class TableCommitter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TableCommitter.class.getName());

    private final Path directory;
    private final Map<String, TableSchema> schemas;
    private final TableWriterProvider provider;
    private final Duration interval;
    private final LongConsumer onCommitted;
    private final Object commitLock = new Object();

    // Guarded by commitLock.
    private final Map<String, TableWriter> writers = new HashMap<>();

    // Guarded by this.
    private Map<String, List<Object[]>> pending = new LinkedHashMap<>();
    private long lastTicket;

    private ScheduledExecutorService thread;
    private volatile IOException lastFailure;

    TableCommitter(Path directory, Map<String, TableSchema> schemas, Duration interval, LongConsumer onCommitted) {
        this.directory = directory;
        this.schemas = Map.copyOf(schemas);
        this.provider = findProvider("delta");
        this.interval = interval;
        this.onCommitted = onCommitted;
    }

    /** Opens (creates, or appends to) every declared table and starts the periodic commits. */
    synchronized void start() throws IOException {
        synchronized (commitLock) {
            for (Map.Entry<String, TableSchema> table : schemas.entrySet()) {
                if (!writers.containsKey(table.getKey())) {
                    writers.put(
                            table.getKey(),
                            provider.open(tableDirectory(table.getKey()), table.getKey(), table.getValue()));
                }
            }
        }
        if (thread == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "zerobus-test-table-commits");
                t.setDaemon(true);
                return t;
            });
            long nanos = interval.toNanos();
            executor.scheduleWithFixedDelay(this::commitQuietly, nanos, nanos, TimeUnit.NANOSECONDS);
            thread = executor;
        }
    }

    /** Where {@code table} (catalog.schema.table) lives: {@code <directory>/<catalog>/<schema>/<table>}. */
    Path tableDirectory(String table) {
        Path path = directory;
        for (String part : table.split("\\.")) {
            path = path.resolve(part);
        }
        return path;
    }

    /** Queues the rows of one request; the returned ticket is durable once {@code onCommitted} heard it or a later one. */
    synchronized long append(String table, List<Object[]> rows) {
        pending.computeIfAbsent(table, name -> new ArrayList<>()).addAll(rows);
        return ++lastTicket;
    }

    /** Commits everything queued so far (one transaction per table with rows), then tells the sessions. */
    void commitNow() {
        long upTo;
        boolean complete = true;
        synchronized (commitLock) {
            Map<String, List<Object[]>> batch;
            synchronized (this) {
                batch = pending;
                pending = new LinkedHashMap<>();
                upTo = lastTicket;
            }
            Map<String, List<Object[]>> failed = new LinkedHashMap<>();
            for (Map.Entry<String, List<Object[]>> table : batch.entrySet()) {
                try {
                    writers.get(table.getKey()).commit(table.getValue());
                } catch (IOException | RuntimeException e) {
                    lastFailure = e instanceof IOException io ? io : new IOException(e);
                    LOG.log(
                            System.Logger.Level.WARNING,
                            "commit of " + table.getValue().size() + " rows to " + table.getKey()
                                    + " failed; retrying with the next round",
                            e);
                    failed.put(table.getKey(), table.getValue());
                    complete = false;
                }
            }
            if (!complete) {
                synchronized (this) {
                    // Failed rows go back in front of what arrived meanwhile, so the order stays the ack order.
                    for (Map.Entry<String, List<Object[]>> later : pending.entrySet()) {
                        failed.computeIfAbsent(later.getKey(), name -> new ArrayList<>())
                                .addAll(later.getValue());
                    }
                    pending = failed;
                }
            }
        }
        if (complete && upTo > 0) {
            onCommitted.accept(upTo);
        }
    }

    /** The last commit failure, or null: for tests and for {@link ZerobusTestServer#close()} to report. */
    IOException lastFailure() {
        return lastFailure;
    }

    /** Commits what is queued, stops the periodic commits and closes the writers. */
    @Override
    public synchronized void close() {
        if (thread != null) {
            thread.shutdownNow();
            thread = null;
        }
        commitNow();
        synchronized (commitLock) {
            for (TableWriter writer : writers.values()) {
                try {
                    writer.close();
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.WARNING, "closing a table writer failed", e);
                }
            }
            writers.clear();
        }
    }

    private void commitQuietly() {
        try {
            commitNow();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "table commit round failed", e);
        }
    }

    static TableWriterProvider findProvider(String format) {
        ClassLoader loader = TableCommitter.class.getClassLoader();
        for (TableWriterProvider provider : ServiceLoader.load(TableWriterProvider.class, loader)) {
            if (provider.format().equals(format)) {
                return provider;
            }
        }
        throw new IllegalStateException("deltaDirectory is set but no Delta writer is on the class path: add"
                + " dev.zerobus:zerobus-test-delta (test scope; it brings io.delta:delta-kernel-api and"
                + " delta-kernel-defaults with Hadoop's client) next to zerobus-test");
    }
}
