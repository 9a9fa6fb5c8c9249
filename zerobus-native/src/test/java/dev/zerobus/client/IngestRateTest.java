package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One stream, one producer thread, as fast as ingest takes them: single records and batches of 100 (~100-byte JSON),
 * with acks every 200 ms as from the real service (issue 11, part 1) and optionally immediate ones. Prints records/s and
 * the client threads' CPU per record (see {@link ClientThreadsCpu}) as {@code [figures]} lines; asserts only that every
 * record was acked and counted by the server.
 *
 * <p>System properties: {@code zerobus.rate.seconds} (per run, default 2), {@code zerobus.rate.ackMillis} (0 for
 * immediate acks, default 200), {@code zerobus.rate.lingerMicros} (the linger of the single-record run, default 0),
 * {@code zerobus.rate.maxInflightRecords} (default: the option's default).
 */
class IngestRateTest {

    private static final Duration RUN = Duration.ofSeconds(Long.getLong("zerobus.rate.seconds", 2));

    private static final long ACK_MILLIS = Long.getLong("zerobus.rate.ackMillis", 200);

    private static final long LINGER_MICROS = Long.getLong("zerobus.rate.lingerMicros", 0);

    private static final int BATCH = 100;

    @Test
    void singlesAndBatchesOnOneStream() throws Exception {
        AckPolicy acks = (ACK_MILLIS == 0) ? AckPolicy.immediate() : AckPolicy.every(Duration.ofMillis(ACK_MILLIS));
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                        .ackPolicy(acks)
                        .benchmarkMode(true)
                        .build()
                        .start();
                ZerobusSdk sdk = TestStreams.sdk(server)) {
            StreamConfigurationOptions singles =
                    options(Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(LINGER_MICROS)));
            run(server, sdk, singles, 1, Duration.ofSeconds(1)); // warm-up
            run(server, sdk, singles, 1, RUN);
            run(server, sdk, options(Duration.ZERO), BATCH, RUN);
        }
    }

    private static StreamConfigurationOptions options(Duration linger) {
        StreamConfigurationOptions.Builder builder =
                TestStreams.fastOptions().toBuilder().linger(linger);
        Integer maxRecords = Integer.getInteger("zerobus.rate.maxInflightRecords");
        if (maxRecords != null) {
            builder.maxInflightRecords(maxRecords);
        }
        return builder.build();
    }

    private static void run(
            ZerobusTestServer server, ZerobusSdk sdk, StreamConfigurationOptions options, int batch, Duration duration)
            throws Exception {
        String table = TestStreams.uniqueTable("ingest_rate");
        // {records, CPU nanoseconds, elapsed nanoseconds}, measured on the producer thread while it is alive.
        long[] measured = new long[3];
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        StreamStats stats;
        try (ZerobusStream stream = TestStreams.jsonStream(sdk, server, table, options)) {
            Thread producer = new Thread(
                    () -> {
                        long cpuBefore = ClientThreadsCpu.nanos();
                        long started = System.nanoTime();
                        measured[0] = produce(stream, batch, duration);
                        stream.flush();
                        measured[2] = System.nanoTime() - started;
                        measured[1] = ClientThreadsCpu.nanos() - cpuBefore;
                    },
                    "bench-producer");
            producer.start();
            producer.join();
            stats = stream.stats();
        }
        long[] ingested = {measured[0]};
        long cpu = measured[1];
        long elapsed = measured[2];
        assertThat(server.awaitRecordCount(table, ingested[0], Duration.ofSeconds(30)))
                .as("records the server counted")
                .isGreaterThanOrEqualTo(ingested[0]);
        System.out.printf(
                "[figures] %s, acks %s, linger %s, %d s, load %.2f: %,.0f records/s, %.2f us client CPU per record,"
                        + " %,d records in %,d requests%n",
                (batch == 1) ? "single records" : "batches of " + batch,
                (ACK_MILLIS == 0) ? "immediate" : "every " + ACK_MILLIS + " ms",
                options.linger(),
                duration.toSeconds(),
                load,
                ingested[0] / (elapsed / 1e9),
                cpu / 1e3 / ingested[0],
                ingested[0],
                stats.requestsSent());
    }

    private static long produce(ZerobusStream stream, int batch, Duration duration) {
        long deadline = System.nanoTime() + duration.toNanos();
        List<String> records = new ArrayList<>(batch);
        long count = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000; i += batch) {
                if (batch == 1) {
                    stream.ingestRecord(TestStreams.json((int) count));
                } else {
                    records.clear();
                    for (int j = 0; j < batch; j++) {
                        records.add(TestStreams.json((int) count + j));
                    }
                    stream.ingestJsonBatch(records);
                }
                count += batch;
            }
        }
        return count;
    }
}
