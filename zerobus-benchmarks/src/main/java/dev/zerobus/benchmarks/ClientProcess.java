package dev.zerobus.benchmarks;

import dev.zerobus.benchmarks.child.ClientMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one scenario in a fresh JVM against a running server and collects its measurement. */
final class ClientProcess {

    private ClientProcess() {}

    static Measurement run(
            BenchmarkSettings settings,
            Scenario scenario,
            ServerConnection server,
            long warmupMillis,
            long measureMillis)
            throws IOException, InterruptedException {
        List<String> properties = new ArrayList<>(List.of(
                "-Dbench.variant=" + scenario.variant().id(),
                "-Dbench.streams=" + scenario.streams(),
                "-Dbench.threads=" + scenario.threads(),
                "-Dbench.pacedRate=" + scenario.pacedRate(),
                "-Dbench.endpoint=" + server.endpoint(),
                "-Dbench.workspaceUrl=" + server.workspaceUrl(),
                "-Dbench.clientId=" + server.clientId(),
                "-Dbench.table=" + settings.table(),
                "-Dbench.maxInflight=" + settings.maxInflight(),
                "-Dbench.recordBytes=" + scenario.recordBytes(),
                "-Dbench.warmupMillis=" + warmupMillis,
                "-Dbench.measureMillis=" + measureMillis,
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"));
        // client-specific knobs (bench.ours.*) given to the runner reach the client processes
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("bench.ours."))
                .sorted()
                .forEach(name -> properties.add("-D" + name + "=" + System.getProperty(name)));
        ProcessBuilder builder = new ProcessBuilder(JavaProcesses.command(
                        settings.clientJvmArgs(), properties, ClientMain.class.getName(), List.of()))
                .redirectErrorStream(true);
        builder.environment().put(ClientMain.SECRET_ENV, server.clientSecret());
        Variant variant = scenario.variant();
        Process process = builder.start();
        CompletableFuture<Measurement> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, variant, result), "client-output");
        reader.setDaemon(true);
        reader.start();

        long timeoutMillis = warmupMillis + measureMillis + 120_000;
        if (!process.waitFor(timeoutMillis, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IOException(variant.id() + " did not finish within " + timeoutMillis + " ms");
        }
        reader.join(5_000);
        if (!result.isDone()) {
            throw new IOException(variant.id() + " exited with " + process.exitValue() + " without a result");
        }
        return result.join();
    }

    private static void readOutput(Process process, Variant variant, CompletableFuture<Measurement> result) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (Measurement.isResultLine(line)) {
                    result.complete(Measurement.parseLine(line));
                } else {
                    System.err.println("[" + variant.id() + "] " + line);
                }
            }
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
