package dev.zerobus.benchmarks.child;

import dev.zerobus.benchmarks.Measurement;
import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.benchmarks.Variant;
import dev.zerobus.benchmarks.clients.IngestClient;
import java.time.Duration;

/**
 * One measured run of one client: open, warm up (so the JIT and the connection are warm), then a measured window
 * that ends with a flush, so every record counted was also acknowledged.
 */
public final class ClientRun {

    /** Distinct pre-generated records; the workload cycles through them. */
    private static final int DISTINCT_RECORDS = 10_000;

    private final Variant variant;
    private final String ackMode;
    private final String table;
    private final int maxInflight;
    private final int recordBytes;
    private final Duration warmup;
    private final Duration measure;

    public ClientRun(
            Variant variant,
            String ackMode,
            String table,
            int maxInflight,
            int recordBytes,
            Duration warmup,
            Duration measure) {
        this.variant = variant;
        this.ackMode = ackMode;
        this.table = table;
        this.maxInflight = maxInflight;
        this.recordBytes = recordBytes;
        this.warmup = warmup;
        this.measure = measure;
    }

    public Measurement execute(IngestClient client, ServerConnection server) throws Exception {
        ProcessStats stats = new ProcessStats();
        Workload workload = Workload.generate(DISTINCT_RECORDS, recordBytes, variant.batchSize());
        try (client) {
            client.open(server, table, maxInflight);

            workload.pushUntil(client, System.nanoTime() + warmup.toNanos());
            client.flush();

            long cpuStart = stats.processCpuNanos();
            long wallStart = System.nanoTime();
            long records = workload.pushUntil(client, wallStart + measure.toNanos());
            client.flush();
            long wallNanos = System.nanoTime() - wallStart;
            long cpuNanos = stats.processCpuNanos() - cpuStart;

            return new Measurement(
                    variant.id(),
                    ackMode,
                    records,
                    wallNanos,
                    cpuNanos,
                    ProcessStats.peakRssKb(),
                    ProcessStats.heapAfterGcBytes());
        }
    }
}
