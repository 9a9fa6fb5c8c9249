package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The harness's one command, end to end but tiny: a server JVM, a client JVM per scenario, the report on disk. It
 * proves the plumbing (processes, result lines, report), not any figure.
 */
class BenchmarkRunnerSmokeTest {

    @Test
    void aTinyRunWritesAReportWithAMeasuredRowPerScenario(@TempDir Path dir) throws Exception {
        Path output = dir.resolve("benchmarks.md");
        Map<String, String> properties = Map.of(
                "bench.sections", "latency",
                "bench.clients", "official,ours",
                "bench.ackEveryMs", "0",
                "bench.rounds", "1",
                "bench.warmupSeconds", "0.2",
                "bench.measureSeconds", "0.3",
                "bench.serverWarmupSeconds", "0",
                "bench.pacedRate", "2000",
                "bench.output", output.toString());
        BenchmarkSettings settings = BenchmarkSettings.from(properties::get);

        Path written = new BenchmarkRunner(settings).runAndReport("java -cp … BenchmarkRunner (test)");

        String report = Files.readString(written);
        assertThat(report)
                .contains("## Ack latency at 2,000 records/s offered, immediate acks, one stream")
                .containsPattern("\\| official SDK 1\\.0\\.1, JSON \\| single \\| [\\d,]+ \\| [\\d,]+ \\|")
                .containsPattern("\\| ours: ZerobusStream, JSON \\| single \\| [\\d,]+ \\| [\\d,]+ \\|")
                .doesNotContain("ours/single 200 B");
    }
}
