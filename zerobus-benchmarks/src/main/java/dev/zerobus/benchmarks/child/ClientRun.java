package dev.zerobus.benchmarks.child;

import dev.zerobus.benchmarks.Measurement;
import dev.zerobus.benchmarks.Scenario;
import dev.zerobus.benchmarks.clients.AckProbe;
import dev.zerobus.benchmarks.clients.ClientSetup;
import dev.zerobus.benchmarks.clients.IngestClient;
import java.time.Duration;

/**
 * One measured run of one scenario: open, warm up (so the JIT and the connection are warm), then a measured window
 * that ends with a flush, so every record counted was also acknowledged. A paced scenario sends at its fixed rate in
 * both phases and records the ack latency of every record of the measured window.
 */
public final class ClientRun {

    /** Distinct pre-generated records; the workload cycles through them. */
    private static final int DISTINCT_RECORDS = 10_000;

    private final Scenario scenario;
    private final Duration warmup;
    private final Duration measure;

    public ClientRun(Scenario scenario, Duration warmup, Duration measure) {
        this.scenario = scenario;
        this.warmup = warmup;
        this.measure = measure;
    }

    public Measurement execute(IngestClient client, ClientSetup setup) throws Exception {
        ProcessStats stats = new ProcessStats();
        try (client) {
            client.open(setup);
            // after open: how a client prepares a reading depends on the streams it opened (JSON or protobuf)
            Workload workload = Workload.prepare(
                    client,
                    DISTINCT_RECORDS,
                    scenario.recordBytes(),
                    scenario.variant().batchSize());
            return scenario.isPaced() ? paced(client, workload, stats) : saturating(client, workload, stats);
        }
    }

    private Measurement saturating(IngestClient client, Workload workload, ProcessStats stats) throws Exception {
        workload.pushUntil(client, scenario.threads(), scenario.streams(), System.nanoTime() + warmup.toNanos());
        client.flush();

        long cpuStart = stats.processCpuNanos();
        long wallStart = System.nanoTime();
        long records =
                workload.pushUntil(client, scenario.threads(), scenario.streams(), wallStart + measure.toNanos());
        client.flush();
        return measurement(records, System.nanoTime() - wallStart, stats.processCpuNanos() - cpuStart, null);
    }

    private Measurement paced(IngestClient client, Workload workload, ProcessStats stats) throws Exception {
        int rate = scenario.pacedRate();
        workload.pushPaced(client, rate, count(rate, warmup), System.nanoTime(), null);
        client.flush();

        int count = count(rate, measure);
        AckProbe probe = new AckProbe(count);
        long cpuStart = stats.processCpuNanos();
        long wallStart = System.nanoTime();
        workload.pushPaced(client, rate, count, wallStart, probe);
        client.flush();
        long wallNanos = System.nanoTime() - wallStart;
        long cpuNanos = stats.processCpuNanos() - cpuStart;
        // flush() returned, yet a future's callback may still be on its way on another thread: give it a moment.
        double[] percentiles = null;
        for (int attempt = 0; attempt < 50 && percentiles == null; attempt++) {
            percentiles = probe.percentilesMicros(count, 0.50, 0.99, 0.999);
            if (percentiles == null) {
                Thread.sleep(20);
            }
        }
        if (percentiles == null) {
            throw new IllegalStateException("some records of the paced run were never reported acknowledged");
        }
        return measurement(
                count, wallNanos, cpuNanos, new Measurement.Latency(percentiles[0], percentiles[1], percentiles[2]));
    }

    private Measurement measurement(long records, long wallNanos, long cpuNanos, Measurement.Latency latency) {
        return new Measurement(
                scenario.variant().id(),
                records,
                wallNanos,
                cpuNanos,
                ProcessStats.peakRssKb(),
                ProcessStats.heapAfterGcBytes(),
                latency == null ? Measurement.Latency.NONE : latency);
    }

    private static int count(int rate, Duration window) {
        return (int) Math.max(1, rate * window.toMillis() / 1000);
    }
}
