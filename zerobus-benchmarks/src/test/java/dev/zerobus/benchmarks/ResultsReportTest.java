package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

    private static final AckMode EVERY_200 = new AckMode(200);

    private final BenchmarkSettings settings = BenchmarkSettings.from(name -> switch (name) {
        case "bench.rounds" -> "3";
        case "bench.output" -> "target/report.md";
        default -> null;
    });

    private final MachineInfo machine =
            new MachineInfo(2, "Test CPU", "24 GB", "Linux", "OpenJDK 17", "0.10 0.20 0.30", "0.90 0.40 0.35");

    private final Map<Scenario, ScenarioResult> results = new LinkedHashMap<>();

    @Test
    void eachRowIsComparedWithTheOfficialSdkOfTheSameShapeSizeAndAckMode() {
        // official: 1M records in 5 s = 200,000/s at 4 µs; ours: 400,000/s at 1 µs (rounds: 300k, 400k, 500k)
        measure(scenario(ClientKind.OFFICIAL_SDK, Variant.SINGLE, AckMode.IMMEDIATE), 1_000_000, 4_000_000_000L);
        measure(
                scenario(ClientKind.ZEROBUS_NATIVE, Variant.SINGLE, AckMode.IMMEDIATE),
                1_500_000,
                2_000_000,
                2_500_000);
        results.put(
                scenario(ClientKind.ZEROBUS_NATIVE, "batch100", EVERY_200),
                ScenarioResult.failed(
                        scenario(ClientKind.ZEROBUS_NATIVE, "batch100", EVERY_200), "client not on the classpath"));

        String markdown = report();

        assertThat(markdown)
                .contains("| official SDK 1.0.1, JSON | single | 200 B | 1 × 1 | immediate | 200,000 | 200,000–200,000"
                        + " | 40.0 | 4.000 | 1.00 | 1.00 | 200 | 64 |")
                .contains("| ours: ZerobusStream, JSON | single | 200 B | 1 × 1 | immediate | 400,000 | 300,000–500,000"
                        + " | 80.0 | 1.000 | 2.00 | 0.25 |");
        assertThat(markdown)
                .contains(
                        "| single records, immediate acks: ≥ 1.5× the official SDK's records/s | 2.00 | ≥ 1.50 | yes |")
                .contains("| single records, immediate acks: ≤ 0.5× the official SDK's CPU per record | 0.25 | ≤ 0.50"
                        + " | yes |")
                .contains(
                        "| batches, immediate acks: ahead of the official SDK (≥ 1.0×) | – | ≥ 1.00 | not measured |");
        assertThat(markdown)
                .contains("ours/batch100 200 B, 1 stream(s) x 1 thread(s), acks every 200 ms: client not on"
                        + " the classpath");
        assertThat(markdown).contains("(50,000 ÷ 0.2 s = 250,000 requests/s)");
        assertThat(markdown)
                .contains("2 processors, Test CPU")
                .contains("`-Xmx1g`")
                .contains("before the run: 0.10 0.20 0.30; after: 0.90 0.40 0.35")
                .contains("Command: `java -Dbench.rounds=3");
    }

    @Test
    void aMissedTargetIsMarked() {
        measure(scenario(ClientKind.OFFICIAL_SDK, Variant.SINGLE, AckMode.IMMEDIATE), 1_000_000, 1_000_000_000L);
        measure(scenario(ClientKind.ZEROBUS_NATIVE, Variant.SINGLE, AckMode.IMMEDIATE), 1_000_000, 1_000_000_000L);

        assertThat(report())
                .contains(
                        "| single records, immediate acks: ≥ 1.5× the official SDK's records/s | 1.00 | ≥ 1.50 | **no** |");
    }

    @Test
    void latencyRowsShowPercentilesAndTheirRatioToTheOfficialSdk() {
        Scenario official = new Scenario(
                new Variant(ClientKind.OFFICIAL_SDK, Variant.SINGLE), 200, 1, 1, AckMode.IMMEDIATE, 20_000);
        Scenario ours = official.with(new Variant(ClientKind.ZEROBUS_NATIVE, Variant.SINGLE));
        results.put(official, new ScenarioResult(official, List.of(paced(official, 120, 500)), null));
        results.put(ours, new ScenarioResult(ours, List.of(paced(ours, 60, 800), paced(ours, 90, 900)), null));

        String markdown = report();

        assertThat(markdown)
                .contains("| official SDK 1.0.1, JSON | single | 120 | 500 | 1,000 | 120–120 | 500–500 |")
                // the median of two is the lower one by p50
                .contains(
                        "| ours: ZerobusStream, JSON | single | 60 | 800 | 1,000 | 60–90 | 800–900 | 1.000 | 0.50 | 1.60 |")
                .contains(
                        "| ack latency p99 at 20,000 records/s: under 1 ms (µs, absolute) | 800.00 | ≤ 1000.00 | yes |");
    }

    private String report() {
        return new ResultsReport(
                        settings,
                        machine,
                        ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC),
                        "java -Dbench.rounds=3 -cp … dev.zerobus.benchmarks.BenchmarkRunner",
                        BenchmarkPlan.sections(settings),
                        results)
                .markdown();
    }

    private static Scenario scenario(ClientKind client, String shape, AckMode ackMode) {
        return new Scenario(new Variant(client, shape), 200, 1, 1, ackMode, 0);
    }

    private void measure(Scenario scenario, long records, long cpuNanos) {
        results.put(scenario, new ScenarioResult(scenario, List.of(measurement(scenario, records, cpuNanos)), null));
    }

    private void measure(Scenario scenario, long... recordsPerRound) {
        List<Measurement> runs = java.util.Arrays.stream(recordsPerRound)
                .mapToObj(records -> measurement(scenario, records, records * 1_000L))
                .toList();
        results.put(scenario, new ScenarioResult(scenario, runs, null));
    }

    private static Measurement measurement(Scenario scenario, long records, long cpuNanos) {
        return new Measurement(
                scenario.variant().id(),
                records,
                5_000_000_000L,
                cpuNanos,
                200 * 1024,
                64L * 1024 * 1024,
                Measurement.Latency.NONE);
    }

    private static Measurement paced(Scenario scenario, double p50, double p99) {
        return new Measurement(
                scenario.variant().id(),
                100_000,
                5_000_000_000L,
                100_000_000L,
                200 * 1024,
                0,
                new Measurement.Latency(p50, p99, 1_000));
    }
}
