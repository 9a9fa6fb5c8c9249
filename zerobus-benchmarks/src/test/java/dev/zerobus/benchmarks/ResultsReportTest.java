package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

    private static final AckMode EVERY_200 = new AckMode(200);

    private final BenchmarkSettings settings = new BenchmarkSettings(
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3),
            50_000,
            100,
            200,
            List.of(AckMode.IMMEDIATE, EVERY_200),
            List.of(),
            1,
            List.of("-Xmx1g"),
            List.of("-Xmx2g"),
            "main.bench.sensor_readings",
            Path.of("RESULTS.md"));

    private final MachineInfo machine =
            new MachineInfo(2, "Test CPU", "24 GB", "Linux", "OpenJDK 17", "0.10 0.20 0.30", "0.90 0.40 0.35");

    @Test
    void tableComparesEachClientWithTheOfficialSdkOfTheSameShapeAndAckMode() {
        List<VariantResult> results = List.of(
                result(ClientKind.OFFICIAL_SDK, 1, AckMode.IMMEDIATE, 1_000_000, 4_000_000_000L),
                result(ClientKind.ZEROBUS_NATIVE, 1, AckMode.IMMEDIATE, 2_000_000, 2_000_000_000L),
                result(ClientKind.GRPC_JAVA, 1, AckMode.IMMEDIATE, 2_500_000, 2_500_000_000L),
                VariantResult.failed(
                        new Variant(ClientKind.ZEROBUS_NATIVE, 100), EVERY_200, "client not on the classpath"));

        String markdown = report(results);

        // official: 1M records in 5 s = 200,000/s at 4 µs; ours: 400,000/s at 1 µs
        assertThat(markdown)
                .contains("| official Databricks SDK 1.0.1 | single | immediate | 200,000 | 4.000 | 1.00 | 1.00 |")
                .contains("| zerobus-native (ours) | single | immediate | 400,000 | 1.000 | 2.00 | 0.25 |")
                .contains("| plain grpc-java (ceiling) | single | immediate | 500,000 | 1.000 | 2.50 | 0.25 |");
        // ours ÷ official records/s, CPU; ours ÷ grpc-java records/s, CPU
        assertThat(markdown).contains("| single | immediate | 2.00 | 0.25 | 0.80 | 1.00 |");
        assertThat(markdown).contains("ours/batch100, acks every 200 ms: client not on the classpath");
        assertThat(markdown).contains("(50,000 ÷ 0.2 s = 250,000 requests/s)");
        assertThat(markdown)
                .contains("2 processors, Test CPU")
                .contains("`-Xmx1g`")
                .contains("before the run: 0.10 0.20 0.30; after: 0.90 0.40 0.35");
    }

    @Test
    void ratiosAreLeftBlankWithoutAnOfficialMeasurement() {
        String markdown = report(List.of(result(ClientKind.GRPC_JAVA, 100, EVERY_200, 1_000_000, 1_000_000_000L)));

        assertThat(markdown)
                .contains("| plain grpc-java (ceiling) | batch100 | every 200 ms | 200,000 | 1.000 | – | – |");
        assertThat(markdown).contains("our client was not measured in this run");
    }

    private String report(List<VariantResult> results) {
        return new ResultsReport(settings, machine, ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC), results)
                .markdown();
    }

    private static VariantResult result(
            ClientKind client, int batchSize, AckMode ackMode, long records, long cpuNanos) {
        Variant variant = new Variant(client, batchSize);
        Measurement measurement = new Measurement(
                variant.id(), ackMode.id(), records, 5_000_000_000L, cpuNanos, 200 * 1024, 64L * 1024 * 1024);
        return new VariantResult(variant, ackMode, List.of(measurement), null);
    }
}
