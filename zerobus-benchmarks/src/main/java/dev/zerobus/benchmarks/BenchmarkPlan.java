package dev.zerobus.benchmarks;

import static dev.zerobus.benchmarks.ClientKind.GRPC_JAVA;
import static dev.zerobus.benchmarks.ClientKind.OFFICIAL_SDK;
import static dev.zerobus.benchmarks.ClientKind.OFFICIAL_SDK_PROTO;
import static dev.zerobus.benchmarks.ClientKind.TEMPLATE_POJO;
import static dev.zerobus.benchmarks.ClientKind.TEMPLATE_PROTO;
import static dev.zerobus.benchmarks.ClientKind.TEMPLATE_STRING;
import static dev.zerobus.benchmarks.ClientKind.ZEROBUS_NATIVE;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a run measures, as sections of the report. Every row of a section has its official-SDK baseline in the same
 * section (same record size, streams, threads and ack mode), so each ratio compares figures of one run.
 *
 * <ul>
 *   <li>{@code clients}: every client and request shape, 200-byte records, one stream, one producer thread;
 *   <li>{@code sizes}: 1 KiB and 10 KiB records for the raw clients;
 *   <li>{@code concurrency}: 4 streams, and 4 and 8 producer threads on one stream;
 *   <li>{@code latency}: the time from the call to the acknowledgement at a fixed offered load well below saturation.
 * </ul>
 */
public final class BenchmarkPlan {

    /**
     * A titled group of scenarios, rendered as one table.
     *
     * @param id the name used by {@code bench.sections}
     * @param title the report's heading
     * @param scenarios what is measured, baselines included
     */
    public record Section(String id, String title, List<Scenario> scenarios) {

        public Section {
            scenarios = List.copyOf(scenarios);
        }

        public boolean isLatency() {
            return scenarios.stream().anyMatch(Scenario::isPaced);
        }
    }

    public static final List<String> SECTION_IDS = List.of("clients", "sizes", "concurrency", "latency");

    private BenchmarkPlan() {}

    /** The sections the settings ask for, with the clients they leave out removed (rows and baselines alike). */
    public static List<Section> sections(BenchmarkSettings settings) {
        List<Section> sections = new ArrayList<>();
        for (String id : settings.sections()) {
            Section section =
                    switch (id) {
                        case "clients" -> clients(settings);
                        case "sizes" -> sizes(settings);
                        case "concurrency" -> concurrency(settings);
                        case "latency" -> latency(settings);
                        default ->
                            throw new IllegalArgumentException("unknown section '" + id + "', known: " + SECTION_IDS);
                    };
            List<Scenario> kept = section.scenarios().stream()
                    .filter(s -> settings.clients().contains(s.variant().client()))
                    .toList();
            if (!kept.isEmpty()) {
                sections.add(new Section(section.id(), section.title(), kept));
            }
        }
        return sections;
    }

    private static Section clients(BenchmarkSettings settings) {
        int batch = settings.batchSize();
        List<Variant> variants = List.of(
                new Variant(OFFICIAL_SDK, Variant.SINGLE),
                Variant.batch(OFFICIAL_SDK, batch),
                new Variant(OFFICIAL_SDK_PROTO, Variant.SINGLE),
                Variant.batch(OFFICIAL_SDK_PROTO, batch),
                new Variant(ZEROBUS_NATIVE, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.COALESCED),
                Variant.batch(ZEROBUS_NATIVE, batch),
                new Variant(TEMPLATE_STRING, Variant.SINGLE),
                new Variant(TEMPLATE_POJO, Variant.SINGLE),
                new Variant(TEMPLATE_PROTO, Variant.SINGLE),
                Variant.batch(TEMPLATE_STRING, batch),
                new Variant(GRPC_JAVA, Variant.SINGLE),
                Variant.batch(GRPC_JAVA, batch));
        return new Section(
                "clients",
                "Every client, " + sizeLabel(settings.recordBytes()) + " records, one stream, one producer thread",
                saturating(settings, variants, Set.of(settings.recordBytes()), new int[][] {{1, 1}}));
    }

    private static Section sizes(BenchmarkSettings settings) {
        int batch = settings.batchSize();
        List<Variant> variants = List.of(
                new Variant(OFFICIAL_SDK, Variant.SINGLE),
                Variant.batch(OFFICIAL_SDK, batch),
                new Variant(ZEROBUS_NATIVE, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.COALESCED),
                Variant.batch(ZEROBUS_NATIVE, batch));
        return new Section(
                "sizes",
                "Larger records (1 KiB, 10 KiB), one stream, one producer thread",
                saturating(settings, variants, Set.of(1024, 10 * 1024), new int[][] {{1, 1}}));
    }

    private static Section concurrency(BenchmarkSettings settings) {
        List<Variant> variants = List.of(
                new Variant(OFFICIAL_SDK, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.COALESCED),
                new Variant(TEMPLATE_STRING, Variant.SINGLE));
        return new Section(
                "concurrency",
                "Several streams and producer threads, single records of " + sizeLabel(settings.recordBytes()),
                saturating(settings, variants, Set.of(settings.recordBytes()), new int[][] {{4, 4}, {1, 4}, {1, 8}}));
    }

    private static Section latency(BenchmarkSettings settings) {
        List<Scenario> scenarios = new ArrayList<>();
        for (Variant variant : List.of(
                new Variant(OFFICIAL_SDK, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.SINGLE),
                new Variant(ZEROBUS_NATIVE, Variant.COALESCED),
                new Variant(TEMPLATE_STRING, Variant.SINGLE))) {
            scenarios.add(new Scenario(variant, settings.recordBytes(), 1, 1, AckMode.IMMEDIATE, settings.pacedRate()));
        }
        return new Section(
                "latency",
                String.format(
                        java.util.Locale.ROOT,
                        "Ack latency at %,d records/s offered, immediate acks, one stream",
                        settings.pacedRate()),
                scenarios);
    }

    private static List<Scenario> saturating(
            BenchmarkSettings settings, List<Variant> variants, Set<Integer> sizes, int[][] streamsAndThreads) {
        List<Scenario> scenarios = new ArrayList<>();
        for (AckMode ackMode : settings.ackModes()) {
            for (int bytes : sizes.stream().sorted().toList()) {
                for (int[] shape : streamsAndThreads) {
                    for (Variant variant : variants) {
                        boolean concurrent = shape[0] > 1 || shape[1] > 1;
                        if (concurrent && !variant.client().supportsConcurrency()) {
                            continue;
                        }
                        scenarios.add(new Scenario(variant, bytes, shape[0], shape[1], ackMode, 0));
                    }
                }
            }
        }
        return scenarios;
    }

    private static String sizeLabel(int bytes) {
        return new Scenario(new Variant(OFFICIAL_SDK, Variant.SINGLE), bytes, 1, 1, AckMode.IMMEDIATE, 0).sizeLabel();
    }
}
