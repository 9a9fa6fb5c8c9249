package dev.zerobus.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a benchmark run can be told, read from system properties ({@code -Dbench.*}); the defaults keep a full
 * run (3 clients x 2 request shapes x 2 ack modes) under about five minutes on two cores.
 */
public record BenchmarkSettings(
        Duration warmup,
        Duration measure,
        Duration serverWarmup,
        int maxInflight,
        int batchSize,
        int recordBytes,
        List<AckMode> ackModes,
        List<Variant> variants,
        int rounds,
        List<String> clientJvmArgs,
        List<String> serverJvmArgs,
        String table,
        Path output) {

    public static BenchmarkSettings fromSystemProperties() {
        int batchSize = intProperty("bench.batchSize", 100);
        List<AckMode> ackModes = new ArrayList<>();
        ackModes.add(AckMode.IMMEDIATE);
        int ackEveryMs = intProperty("bench.ackEveryMs", 200);
        if (ackEveryMs > 0) {
            ackModes.add(new AckMode(ackEveryMs));
        }
        List<Variant> variants = new ArrayList<>();
        for (String client : list("bench.clients", "official,ours,grpc-java")) {
            for (String shape : list("bench.shapes", "single,batch")) {
                variants.add(new Variant(ClientKind.fromId(client), shape.equals("single") ? 1 : batchSize));
            }
        }
        return new BenchmarkSettings(
                seconds("bench.warmupSeconds", 2),
                seconds("bench.measureSeconds", 5),
                seconds("bench.serverWarmupSeconds", 3),
                intProperty("bench.maxInflight", 50_000),
                batchSize,
                intProperty("bench.recordBytes", 200),
                List.copyOf(ackModes),
                List.copyOf(variants),
                intProperty("bench.rounds", 1),
                list("bench.jvmArgs", "-Xmx1g"),
                list("bench.serverJvmArgs", "-Xmx2g"),
                System.getProperty("bench.table", "main.bench.sensor_readings"),
                Path.of(System.getProperty("bench.output", defaultOutput())));
    }

    /** RESULTS.md of this module, whether started from the repository root or from the module directory. */
    private static String defaultOutput() {
        return Files.isDirectory(Path.of("zerobus-benchmarks")) ? "zerobus-benchmarks/RESULTS.md" : "RESULTS.md";
    }

    private static Duration seconds(String name, double fallback) {
        double value = Double.parseDouble(System.getProperty(name, Double.toString(fallback)));
        return Duration.ofMillis(Math.round(value * 1000));
    }

    private static int intProperty(String name, int fallback) {
        return Integer.parseInt(
                System.getProperty(name, Integer.toString(fallback)).trim());
    }

    private static List<String> list(String name, String fallback) {
        String value = System.getProperty(name, fallback).trim();
        if (value.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(
                        value.split(name.toLowerCase(java.util.Locale.ROOT).endsWith("jvmargs") ? "\\s+" : "\\s*,\\s*"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
