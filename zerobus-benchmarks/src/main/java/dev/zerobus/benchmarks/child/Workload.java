package dev.zerobus.benchmarks.child;

import dev.zerobus.benchmarks.SensorRecords;
import dev.zerobus.benchmarks.clients.IngestClient;
import java.util.List;

/** Pre-generated records and the loop that pushes them through a client until a deadline. */
final class Workload {

    /** How many requests go out between two looks at the clock. */
    private static final int REQUESTS_PER_CLOCK_CHECK = 64;

    private final List<String> records;
    private final List<List<String>> batches;
    private final int batchSize;
    private int next;

    private Workload(List<String> records, List<List<String>> batches, int batchSize) {
        this.records = records;
        this.batches = batches;
        this.batchSize = batchSize;
    }

    /** Records (or batches of them) generated now, before anything is measured. */
    static Workload generate(int distinctRecords, int recordBytes, int batchSize) {
        List<String> records = SensorRecords.generate(distinctRecords, recordBytes);
        if (batchSize == 1) {
            return new Workload(records, List.of(), 1);
        }
        int batchCount = Math.max(1, distinctRecords / batchSize);
        return new Workload(records, SensorRecords.batches(records, batchSize, batchCount), batchSize);
    }

    /** Sends requests until {@code deadlineNanos} (System.nanoTime) has passed; returns the number of records sent. */
    long pushUntil(IngestClient client, long deadlineNanos) throws Exception {
        long requests = 0;
        do {
            for (int i = 0; i < REQUESTS_PER_CLOCK_CHECK; i++) {
                if (batchSize == 1) {
                    client.ingest(records.get(next));
                    next = next + 1 == records.size() ? 0 : next + 1;
                } else {
                    client.ingestBatch(batches.get(next));
                    next = next + 1 == batches.size() ? 0 : next + 1;
                }
            }
            requests += REQUESTS_PER_CLOCK_CHECK;
        } while (System.nanoTime() < deadlineNanos);
        return requests * batchSize;
    }
}
