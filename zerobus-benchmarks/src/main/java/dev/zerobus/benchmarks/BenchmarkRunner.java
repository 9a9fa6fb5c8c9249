package dev.zerobus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every client variant, one after another and each in a fresh JVM, against a test server in its own JVM (one
 * server per ack mode), then prints the side-by-side table and writes it to RESULTS.md. Settings: see
 * {@link BenchmarkSettings} and README.md.
 */
public final class BenchmarkRunner {

    private static final String CLIENT_ID = "zerobus-bench";

    private final BenchmarkSettings settings;
    private final String clientSecret;

    private BenchmarkRunner(BenchmarkSettings settings) {
        this.settings = settings;
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        this.clientSecret = HexFormat.of().formatHex(secret);
    }

    public static void main(String[] args) throws Exception {
        BenchmarkSettings settings = BenchmarkSettings.fromSystemProperties();
        MachineInfo machine = MachineInfo.current();
        ZonedDateTime start = ZonedDateTime.now();
        List<VariantResult> results = new BenchmarkRunner(settings).runAll();
        String report = new ResultsReport(settings, machine.withLoadNow(), start, results).markdown();
        System.out.println(report);
        Path output = settings.output();
        if (output.getParent() != null) {
            Files.createDirectories(output.getParent());
        }
        Files.writeString(output, report);
        log("report written to " + output.toAbsolutePath());
    }

    private List<VariantResult> runAll() throws IOException, InterruptedException {
        List<VariantResult> results = new ArrayList<>();
        for (AckMode ackMode : settings.ackModes()) {
            results.addAll(runWithServer(ackMode));
        }
        return results;
    }

    private List<VariantResult> runWithServer(AckMode ackMode) throws IOException, InterruptedException {
        Map<Variant, List<Measurement>> runs = new LinkedHashMap<>();
        Map<Variant, String> failures = new LinkedHashMap<>();
        for (Variant variant : settings.variants()) {
            runs.put(variant, new ArrayList<>());
            if (!variant.client().isAvailable()) {
                failures.put(variant, "client not on the classpath");
            }
        }
        log("starting the test server, acks " + ackMode.label());
        try (TestServerProcess server =
                TestServerProcess.start(settings.serverJvmArgs(), ackMode, CLIENT_ID, clientSecret)) {
            warmServer(server.connection(), ackMode);
            for (int round = 1; round <= settings.rounds(); round++) {
                for (Variant variant : settings.variants()) {
                    if (failures.containsKey(variant)) {
                        continue;
                    }
                    log(String.format(
                            Locale.ROOT,
                            "%s, acks %s, round %d/%d",
                            variant.id(),
                            ackMode.label(),
                            round,
                            settings.rounds()));
                    try {
                        Measurement m = ClientProcess.run(
                                settings,
                                variant,
                                ackMode,
                                server.connection(),
                                settings.warmup().toMillis(),
                                settings.measure().toMillis());
                        runs.get(variant).add(m);
                        log(String.format(
                                Locale.ROOT,
                                "  %,.0f records/s, %.3f µs CPU/record",
                                m.recordsPerSecond(),
                                m.cpuMicrosPerRecord()));
                    } catch (IOException e) {
                        log("  failed: " + e.getMessage());
                        failures.put(variant, e.getMessage());
                    }
                }
            }
        }
        List<VariantResult> results = new ArrayList<>();
        for (Variant variant : settings.variants()) {
            List<Measurement> measured = runs.get(variant);
            results.add(
                    measured.isEmpty()
                            ? VariantResult.failed(variant, ackMode, failures.get(variant))
                            : new VariantResult(variant, ackMode, measured, failures.get(variant)));
        }
        return results;
    }

    /** A fresh server JVM is cold; let a throw-away client warm its JIT so the first variant is not penalised. */
    private void warmServer(ServerConnection server, AckMode ackMode) throws InterruptedException {
        long millis = settings.serverWarmup().toMillis();
        Variant warmer = new Variant(ClientKind.GRPC_JAVA, 1);
        if (millis <= 0 || !warmer.client().isAvailable()) {
            return;
        }
        log("warming the server for " + millis + " ms");
        try {
            ClientProcess.run(settings, warmer, ackMode, server, millis, 500);
        } catch (IOException e) {
            log("  server warm-up failed: " + e.getMessage());
        }
    }

    private static void log(String message) {
        System.err.println("[bench] " + message);
    }
}
