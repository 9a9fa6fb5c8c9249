package dev.zerobus.test.delta;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import dev.zerobus.test.ZerobusTestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What schema checks and Delta output cost the server: records/s of JSON batches (100 records of about 400 bytes, 14
 * columns) through the real client, in benchmark mode, plain mode, with the table's schema, and with Delta output. A
 * measurement, not a test: slow, so only with {@code -Dzerobus.measure=true}; it prints its figures and asserts only
 * that every record arrived.
 */
@EnabledIfSystemProperty(named = "zerobus.measure", matches = "true")
class TableThroughputMeasurement {

    static final String TABLE = "main.iot.readings";
    static final int RECORDS = Integer.getInteger("zerobus.measure.records", 200_000);
    static final int BATCH = 100;

    @TempDir
    Path directory;

    @Test
    void recordsPerSecondPlainSchemaAndDelta() throws Exception {
        List<List<String>> batches = new ArrayList<>();
        for (int i = 0; i < RECORDS; i += BATCH) {
            List<String> batch = new ArrayList<>(BATCH);
            for (int k = i; k < i + BATCH; k++) {
                batch.add(Reading.of(k).json());
            }
            batches.add(batch);
        }
        List<String> report = new ArrayList<>();
        measure("benchmark mode", batches, report, b -> b.benchmarkMode(true));
        measure("plain (strict JSON, no schema)", batches, report, b -> b);
        measure("schema checks", batches, report, b -> b.table(TABLE, Reading.SCHEMA));
        measure("schema + Delta output", batches, report, b -> b.table(TABLE, Reading.SCHEMA)
                .deltaDirectory(directory.resolve("run" + System.nanoTime())));
        report.forEach(System.out::println);
    }

    private static void measure(
            String name,
            List<List<String>> batches,
            List<String> report,
            Function<ZerobusTestServer.Builder, ZerobusTestServer.Builder> config)
            throws Exception {
        double best = 0;
        for (int round = 0; round < 4; round++) { // round 0 warms up
            try (ZerobusTestServer server =
                            config.apply(ZerobusTestServer.builder()).build().start();
                    ZerobusSdk sdk = ZerobusSdk.builder()
                            .endpoint(server.endpoint())
                            .workspaceUrl(server.workspaceUrl())
                            .build();
                    ZerobusStream stream = sdk.createStream(
                            TableProperties.json(TABLE),
                            server.clientId(),
                            server.clientSecret(),
                            StreamConfigurationOptions.builder()
                                    .flushTimeout(Duration.ofMinutes(5))
                                    .build())) {
                long start = System.nanoTime();
                for (List<String> batch : batches) {
                    stream.ingestJsonBatch(batch);
                }
                stream.flush();
                long nanos = System.nanoTime() - start;
                assertThat(server.recordCount(TABLE)).isEqualTo(RECORDS);
                double perSecond = RECORDS * 1e9 / nanos;
                if (round > 0) {
                    best = Math.max(best, perSecond);
                }
            }
        }
        report.add(String.format(
                "%-32s %,10.0f records/s (best of 3, %,d records in batches of %d)", name, best, RECORDS, BATCH));
    }
}
