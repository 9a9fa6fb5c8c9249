package dev.zerobus.benchmarks.child;

import dev.zerobus.benchmarks.SensorRecords;
import dev.zerobus.benchmarks.clients.AckProbe;
import dev.zerobus.benchmarks.clients.IngestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;

/** Records prepared in the client's own form before anything is measured, and the loops that push them. */
final class Workload {

    /** How many calls go out between two looks at the clock. */
    private static final int CALLS_PER_CLOCK_CHECK = 64;

    private final List<Object> records;
    private final List<List<Object>> batches;
    private final int batchSize;

    private Workload(List<Object> records, List<List<Object>> batches, int batchSize) {
        this.records = records;
        this.batches = batches;
        this.batchSize = batchSize;
    }

    /** {@code distinctRecords} readings of {@code recordBytes}, converted by the client, grouped when batching. */
    static Workload prepare(IngestClient client, int distinctRecords, int recordBytes, int batchSize) {
        List<Object> records = new ArrayList<>(distinctRecords);
        SensorRecords.readings(distinctRecords, recordBytes).forEach(r -> records.add(client.prepare(r)));
        if (batchSize == 1) {
            return new Workload(records, List.of(), 1);
        }
        int batchCount = Math.max(1, distinctRecords / batchSize);
        return new Workload(records, SensorRecords.batches(records, batchSize, batchCount), batchSize);
    }

    /**
     * {@code threads} producers, thread {@code i} on stream {@code i % streams}, each sending until
     * {@code deadlineNanos} (System.nanoTime); returns the records sent by all of them.
     */
    long pushUntil(IngestClient client, int threads, int streams, long deadlineNanos) throws Exception {
        if (threads == 1) {
            return pushFrom(client, 0, 0, deadlineNanos);
        }
        ExecutorService producers = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int stream = t % streams;
                int start = t * (records.size() / threads);
                Callable<Long> producer = () -> pushFrom(client, stream, start, deadlineNanos);
                sent.add(producers.submit(producer));
            }
            long total = 0;
            for (Future<Long> producer : sent) {
                total += producer.get();
            }
            return total;
        } finally {
            producers.shutdownNow();
        }
    }

    private long pushFrom(IngestClient client, int stream, int start, long deadlineNanos) throws Exception {
        int items = batchSize == 1 ? records.size() : batches.size();
        int next = start % items;
        long calls = 0;
        do {
            for (int i = 0; i < CALLS_PER_CLOCK_CHECK; i++) {
                if (batchSize == 1) {
                    client.ingest(stream, records.get(next));
                } else {
                    client.ingestBatch(stream, batches.get(next));
                }
                next = next + 1 == items ? 0 : next + 1;
            }
            calls += CALLS_PER_CLOCK_CHECK;
        } while (System.nanoTime() < deadlineNanos);
        return calls * batchSize;
    }

    /**
     * Sends {@code count} single records on stream 0 at {@code rate} per second, each at its slot of the schedule
     * from {@code startNanos} on (a producer that falls behind sends at once until it has caught up), telling
     * {@code probe} when each call began (null: untracked, for warming up). The producer sleeps between slots instead
     * of spinning: on a small machine a spinning producer takes a core from the client's own threads and the server.
     */
    void pushPaced(IngestClient client, int rate, int count, long startNanos, AckProbe probe) throws Exception {
        double periodNanos = 1e9 / rate;
        for (int i = 0; i < count; i++) {
            long due = startNanos + Math.round(i * periodNanos);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Object record = records.get(i % records.size());
            if (probe == null) {
                client.ingest(0, record);
            } else {
                probe.sent(i, System.nanoTime());
                client.ingestTracked(record, probe, i);
            }
        }
    }
}
