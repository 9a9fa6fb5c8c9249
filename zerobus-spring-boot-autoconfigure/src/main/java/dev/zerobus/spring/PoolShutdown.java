package dev.zerobus.spring;

import dev.zerobus.client.UnackedBatch;
import dev.zerobus.client.ZerobusException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The pool's shutdown: closes every stream in parallel within one bound (each stream's close refuses new records,
 * flushes until the deadline and then ends the RPC, so nothing is sent after it and every future has an outcome), fails
 * the requests still waiting for a replacement, and reports what was not delivered once per table.
 */
final class PoolShutdown {

    private static final Log logger = LogFactory.getLog(ZerobusStreamPool.class);

    private final Collection<TableStreams> tables;

    private final Duration timeout;

    private final long graceMillis;

    PoolShutdown(Collection<TableStreams> tables, Duration timeout, long graceMillis) {
        this.tables = List.copyOf(tables);
        this.timeout = timeout;
        this.graceMillis = graceMillis;
    }

    void run(UndeliveredRecordsHandler handler) {
        long start = System.nanoTime();
        long deadline = start + this.timeout.toNanos();
        List<Thread> closers = new ArrayList<>();
        for (TableStreams table : this.tables) {
            for (StreamSlot slot : table.slots()) {
                PooledStream stream = slot.currentForShutdown();
                if (stream != null) {
                    closers.add(startCloser(table.name, stream, deadline));
                }
            }
        }
        for (Thread closer : closers) {
            long left = deadline - System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.graceMillis);
            try {
                closer.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long records = 0;
        for (TableStreams table : this.tables) {
            List<UnackedBatch> undelivered = undelivered(table);
            if (!undelivered.isEmpty()) {
                long count = undelivered.stream().mapToLong(UnackedBatch::size).sum();
                records += count;
                logger.error("Zerobus shutdown: " + count + " records (" + undelivered.size() + " requests) of table "
                        + table.name + " were not acknowledged within " + this.timeout
                        + " (zerobus.shutdown.flush-timeout); their futures failed and they were handed to the"
                        + " UndeliveredRecordsHandler");
                try {
                    handler.undelivered(table.name, undelivered);
                } catch (RuntimeException ex) {
                    logger.error("The UndeliveredRecordsHandler failed for table " + table.name, ex);
                }
            }
        }
        if (logger.isDebugEnabled()) {
            logger.debug("Zerobus streams closed in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms, " + records
                    + " records undelivered");
        }
    }

    private static Thread startCloser(String table, PooledStream stream, long deadline) {
        Thread closer = new Thread(
                () -> {
                    long left = Math.max(0, deadline - System.nanoTime());
                    try {
                        stream.stream.close(Duration.ofNanos(left));
                    } catch (RuntimeException ex) {
                        // records kept in unackedBatches(), reported below
                    }
                },
                "zerobus-shutdown-" + table);
        closer.setDaemon(true);
        closer.start();
        return closer;
    }

    private static List<UnackedBatch> undelivered(TableStreams table) {
        ZerobusException shutdown = new ZerobusException(
                "the application shut down before the records of table " + table.name + " were acknowledged",
                ZerobusException.Kind.STREAM_CLOSED,
                true);
        List<UnackedBatch> batches = new ArrayList<>();
        for (StreamSlot slot : table.slots()) {
            PooledStream failing = slot.takeFailing();
            for (PooledStream stream : new PooledStream[] {failing, slot.currentForShutdown()}) {
                if (stream != null) {
                    batches.addAll(stream.stream.unackedBatches());
                    stream.takeAll().forEach(pending -> pending.fail(shutdown));
                }
            }
            for (StreamSlot.Carried carried : slot.takeCarried()) {
                batches.add(carried.batch());
                if (carried.pending() != null) {
                    carried.pending().fail(shutdown);
                }
            }
        }
        return batches;
    }
}
