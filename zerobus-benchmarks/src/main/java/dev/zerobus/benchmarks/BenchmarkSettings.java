package dev.zerobus.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Everything a benchmark run can be told, read from system properties ({@code -Dbench.*}, see README.md). The
 * defaults measure every section of {@link BenchmarkPlan} three times, about half an hour on two cores.
 */
public record BenchmarkSettings(
        Duration warmup,
        Duration measure,
        Duration serverWarmup,
        int maxInflight,
        int batchSize,
        int recordBytes,
        int pacedRate,
        List<AckMode> ackModes,
        List<String> sections,
        List<ClientKind> clients,
        int rounds,
        List<String> clientJvmArgs,
        List<String> serverJvmArgs,
        String table,
        Path output,
        Path jsonCheckReport) {

    public BenchmarkSettings {
        ackModes = List.copyOf(ackModes);
        sections = List.copyOf(sections);
        clients = List.copyOf(clients);
        clientJvmArgs = List.copyOf(clientJvmArgs);
        serverJvmArgs = List.copyOf(serverJvmArgs);
    }

    public static BenchmarkSettings fromSystemProperties() {
        return from(System::getProperty);
    }

    /** The settings from a lookup of {@code bench.*} names (null for unset), so that tests can pass their own. */
    public static BenchmarkSettings from(UnaryOperator<String> lookup) {
        Lookup values = new Lookup(lookup);
        List<AckMode> ackModes = new ArrayList<>();
        ackModes.add(AckMode.IMMEDIATE);
        int ackEveryMs = values.integer("bench.ackEveryMs", 200);
        if (ackEveryMs > 0) {
            ackModes.add(new AckMode(ackEveryMs));
        }
        List<ClientKind> clients = new ArrayList<>();
        for (String id : values.list("bench.clients", allClientIds(), ",")) {
            clients.add(ClientKind.fromId(id));
        }
        return new BenchmarkSettings(
                values.seconds("bench.warmupSeconds", 2),
                values.seconds("bench.measureSeconds", 4),
                values.seconds("bench.serverWarmupSeconds", 3),
                values.integer("bench.maxInflight", 50_000),
                values.integer("bench.batchSize", 100),
                values.integer("bench.recordBytes", 200),
                values.integer("bench.pacedRate", 20_000),
                ackModes,
                values.list("bench.sections", String.join(",", BenchmarkPlan.SECTION_IDS), ","),
                clients,
                values.integer("bench.rounds", 3),
                values.list("bench.jvmArgs", "-Xmx1g", " "),
                values.list("bench.serverJvmArgs", "-Xmx2g", " "),
                values.text("bench.table", "main.bench.sensor_readings"),
                Path.of(values.text("bench.output", defaultOutput())),
                values.text("bench.jsonCheckReport", "").isEmpty()
                        ? null
                        : Path.of(values.text("bench.jsonCheckReport", "")));
    }

    /** docs/benchmarks.md of the repository, whether started from its root or from the module directory. */
    private static String defaultOutput() {
        return Files.isDirectory(Path.of("zerobus-benchmarks")) ? "docs/benchmarks.md" : "../docs/benchmarks.md";
    }

    private static String allClientIds() {
        return String.join(
                ",", Arrays.stream(ClientKind.values()).map(ClientKind::id).toList());
    }

    private record Lookup(UnaryOperator<String> source) {

        String text(String name, String fallback) {
            String value = source.apply(name);
            return value == null ? fallback : value.trim();
        }

        Duration seconds(String name, double fallback) {
            return Duration.ofMillis(Math.round(Double.parseDouble(text(name, Double.toString(fallback))) * 1000));
        }

        int integer(String name, int fallback) {
            return Integer.parseInt(text(name, Integer.toString(fallback)));
        }

        List<String> list(String name, String fallback, String separator) {
            String value = text(name, fallback);
            return Arrays.stream(value.split(separator.equals(" ") ? "\\s+" : "\\s*,\\s*"))
                    .filter(s -> !s.isEmpty())
                    .toList();
        }
    }
}
