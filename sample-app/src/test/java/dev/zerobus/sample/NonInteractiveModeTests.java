package dev.zerobus.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the sample's non-interactive mode as CI and a user would, in its own JVM through the {@code LocalApplication}
 * launcher (embedded server), and checks its exit code: 0 when records were acknowledged and health was UP, 1 when
 * nothing was acknowledged.
 */
class NonInteractiveModeTests {

    @Test
    void exitsZeroWhenRecordsWereAcknowledgedAndHealthWasUp() throws Exception {
        Run run = run("--sample.rate=100");
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output())
                .contains("OK   main.iot.sensor_readings:")
                .contains("OK   main.iot.sensor_readings_proto:")
                .contains("OK   health: UP")
                .contains("Non-interactive check passed");
    }

    @Test
    void exitsOneWhenNothingWasAcknowledged() throws Exception {
        Run run = run("--sample.rate=0");
        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.output())
                .contains("FAIL main.iot.sensor_readings: 0 sent, 0 acknowledged")
                .contains("Non-interactive check FAILED");
    }

    private static Run run(String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LocalApplication.class.getName(),
                "--server.port=0",
                "--sample.duration=2s"));
        command.addAll(List.of(args));
        Path log = Files.createTempFile("sample-run", ".log");
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS))
                    .as("the run ends on its own")
                    .isTrue();
            return new Run(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }

    private record Run(int exitCode, String output) {}
}
