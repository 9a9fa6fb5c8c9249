package dev.zerobus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Runs every scenario of the plan, one after another and each in a fresh JVM, against a test server in its own JVM
 * (one server per ack mode, rounds interleaved), then prints the report and writes it to docs/benchmarks.md. Settings:
 * see {@link BenchmarkSettings} and README.md.
 */
public final class BenchmarkRunner {

    private static final String CLIENT_ID = "zerobus-bench";

    private final BenchmarkSettings settings;
    private final String clientSecret;

    BenchmarkRunner(BenchmarkSettings settings) {
        this.settings = settings;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.clientSecret = HexFormat.of().formatHex(secret);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        Path output = new BenchmarkRunner(settings).runAndReport(ResultsReport.commandOfThisProcess());
        log("report written to " + output.toAbsolutePath());
    }

    /** Measures every scenario, writes the report to the settings' output and returns where it went. */
    Path runAndReport(String command) throws IOException, InterruptedException {
        MachineInfo machine = MachineInfo.current();
        ZonedDateTime start = ZonedDateTime.now();
        List<BenchmarkPlan.Section> sections = BenchmarkPlan.sections(settings);
        Map<Scenario, ScenarioResult> results = runAll(sections);
        String report =
                new ResultsReport(settings, machine.withLoadNow(), start, command, sections, results).markdown();
        System.out.println(report);
        Path output = settings.output();
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.writeString(output, report);
        return output;
    }

    private Map<Scenario, ScenarioResult> runAll(List<BenchmarkPlan.Section> sections)
            throws IOException, InterruptedException {
        Map<AckMode, Set<Scenario>> byAckMode = new LinkedHashMap<>();
        for (BenchmarkPlan.Section section : sections) {
            for (Scenario scenario : section.scenarios()) {
                byAckMode
                        .computeIfAbsent(scenario.ackMode(), mode -> new LinkedHashSet<>())
                        .add(scenario);
            }
        }
        Map<Scenario, ScenarioResult> results = new LinkedHashMap<>();
        for (Map.Entry<AckMode, Set<Scenario>> group : byAckMode.entrySet()) {
            results.putAll(runWithServer(group.getKey(), List.copyOf(group.getValue())));
        }
        return results;
    }

    private Map<Scenario, ScenarioResult> runWithServer(AckMode ackMode, List<Scenario> scenarios)
            throws IOException, InterruptedException {
        Map<Scenario, List<Measurement>> runs = new LinkedHashMap<>();
        Map<Scenario, String> failures = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            runs.put(scenario, new ArrayList<>());
            if (!scenario.variant().client().isAvailable()) {
                failures.put(scenario, "client not on the classpath");
            }
        }
        log("starting the test server, acks " + ackMode.label());
        try (TestServerProcess server =
                TestServerProcess.start(settings.serverJvmArgs(), ackMode, CLIENT_ID, clientSecret)) {
            warmServer(server.connection(), ackMode);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Scenario scenario : scenarios) {
                    if (failures.containsKey(scenario)) {
                        continue;
                    }
                    log(String.format(Locale.ROOT, "%s, round %d/%d", scenario.label(), round, settings.rounds()));
                    try {
                        Measurement m = ClientProcess.run(
                                settings,
                                scenario,
                                server.connection(),
                                settings.warmup().toMillis(),
                                settings.measure().toMillis());
                        runs.get(scenario).add(m);
                        log(String.format(
                                Locale.ROOT,
                                "  %,.0f records/s, %.3f µs CPU/record%s",
                                m.recordsPerSecond(),
                                m.cpuMicrosPerRecord(),
                                m.latency().isMeasured()
                                        ? String.format(
                                                Locale.ROOT,
                                                ", ack latency p50 %.0f µs, p99 %.0f µs",
                                                m.latency().p50Micros(),
                                                m.latency().p99Micros())
                                        : ""));
                    } catch (IOException e) {
                        log("  failed: " + e.getMessage());
                        failures.put(scenario, e.getMessage());
                    }
                }
            }
        }
        Map<Scenario, ScenarioResult> results = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            List<Measurement> measured = runs.get(scenario);
            results.put(
                    scenario,
                    measured.isEmpty()
                            ? ScenarioResult.failed(scenario, failures.get(scenario))
                            : new ScenarioResult(scenario, measured, failures.get(scenario)));
        }
        return results;
    }

    /** A fresh server JVM is cold; let a throw-away client warm its JIT so the first scenario is not penalised. */
    private void warmServer(ServerConnection server, AckMode ackMode) throws InterruptedException {
        long millis = settings.serverWarmup().toMillis();
        Scenario warmer = new Scenario(new Variant(ClientKind.GRPC_JAVA, Variant.SINGLE), 200, 1, 1, ackMode, 0);
        if (millis <= 0 || !warmer.variant().client().isAvailable()) {
            return;
        }
        log("warming the server for " + millis + " ms");
        try {
            ClientProcess.run(settings, warmer, server, millis, 500);
        } catch (IOException e) {
            log("  server warm-up failed: " + e.getMessage());
        }
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
