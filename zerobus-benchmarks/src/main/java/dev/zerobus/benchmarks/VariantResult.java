package dev.zerobus.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All rounds of one variant under one ack mode; a variant that could not run carries the reason instead.
 *
 * @param variant the variant
 * @param ackMode the server's ack mode
 * @param runs the measurements, one per round (empty when it failed)
 * @param failure why it did not run, or null
 */
public record VariantResult(Variant variant, AckMode ackMode, List<Measurement> runs, String failure) {

    public VariantResult {
        runs = List.copyOf(runs);
    }

    public static VariantResult failed(Variant variant, AckMode ackMode, String failure) {
        return new VariantResult(variant, ackMode, List.of(), failure);
    }

    /** The run with the median throughput (the lower middle one for an even count). */
    public Optional<Measurement> median() {
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        List<Measurement> sorted = runs.stream()
                .sorted(Comparator.comparingDouble(Measurement::recordsPerSecond))
                .toList();
        return Optional.of(sorted.get((sorted.size() - 1) / 2));
    }

    public double minRecordsPerSecond() {
        return runs.stream().mapToDouble(Measurement::recordsPerSecond).min().orElse(Double.NaN);
    }

    public double maxRecordsPerSecond() {
        return runs.stream().mapToDouble(Measurement::recordsPerSecond).max().orElse(Double.NaN);
    }
}
