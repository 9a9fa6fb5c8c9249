package dev.zerobus.benchmarks;

import static dev.zerobus.benchmarks.ClientKind.GRPC_JAVA;
import static dev.zerobus.benchmarks.ClientKind.OFFICIAL_SDK;
import static dev.zerobus.benchmarks.ClientKind.TEMPLATE_STRING;
import static dev.zerobus.benchmarks.ClientKind.ZEROBUS_NATIVE;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * The project's performance targets (design.md and the performance issue), each checked against the medians of the
 * run: the figure, the bar, and whether it was met.
 */
final class Targets {

    /**
     * One target: {@code figure(numerator) ÷ figure(denominator)} against {@code bar}.
     *
     * @param description what is promised
     * @param numerator our scenario
     * @param denominator the scenario it is compared to
     * @param figure what is compared
     * @param bar the bound
     * @param atLeast whether the ratio must be at least (else at most) the bar
     */
    record Target(
            String description,
            Scenario numerator,
            Scenario denominator,
            ToDoubleFunction<Measurement> figure,
            double bar,
            boolean atLeast) {}

    private final List<Target> targets = new ArrayList<>();
    private final Function<Scenario, Optional<Measurement>> medians;

    Targets(BenchmarkSettings settings, Function<Scenario, Optional<Measurement>> medians) {
        this.medians = medians;
        int bytes = settings.recordBytes();
        Variant officialSingle = new Variant(OFFICIAL_SDK, Variant.SINGLE);
        Variant oursSingle = new Variant(ZEROBUS_NATIVE, Variant.SINGLE);
        Variant oursCoalesced = new Variant(ZEROBUS_NATIVE, Variant.COALESCED);
        Variant oursBatch = Variant.batch(ZEROBUS_NATIVE, settings.batchSize());
        Scenario immediate = new Scenario(oursSingle, bytes, 1, 1, AckMode.IMMEDIATE, 0);
        ToDoubleFunction<Measurement> rate = Measurement::recordsPerSecond;
        ToDoubleFunction<Measurement> cpu = Measurement::cpuMicrosPerRecord;

        add(
                "single records, immediate acks: ≥ 1.5× the official SDK's records/s",
                immediate,
                officialSingle,
                rate,
                1.5,
                true);
        add(
                "single records, immediate acks: ≤ 0.5× the official SDK's CPU per record",
                immediate,
                officialSingle,
                cpu,
                0.5,
                false);
        add(
                "batches, immediate acks: ahead of the official SDK (≥ 1.0×)",
                immediate.with(oursBatch),
                Variant.batch(OFFICIAL_SDK, settings.batchSize()),
                rate,
                1.0,
                true);
        add(
                "single records, immediate acks: within 2× of the grpc-java ceiling (≥ 0.5×)",
                immediate,
                new Variant(GRPC_JAVA, Variant.SINGLE),
                rate,
                0.5,
                true);
        add(
                "batches, immediate acks: within 2× of the grpc-java ceiling (≥ 0.5×)",
                immediate.with(oursBatch),
                Variant.batch(GRPC_JAVA, settings.batchSize()),
                rate,
                0.5,
                true);
        for (AckMode ackMode : settings.ackModes()) {
            if (ackMode.everyMillis() > 0) {
                Scenario delayed = new Scenario(oursCoalesced, bytes, 1, 1, ackMode, 0);
                add(
                        "coalesced single records, acks " + ackMode.label() + ": ≥ 3× the official SDK's records/s",
                        delayed,
                        officialSingle,
                        rate,
                        3.0,
                        true);
            }
        }
        add(
                "coalesced single records: CPU per record ≤ 1.3× the batch figure (immediate acks)",
                immediate.with(oursCoalesced),
                oursBatch,
                cpu,
                1.3,
                false);
        add(
                "ZerobusTemplate (String): ≥ 0.9× the raw client's records/s (immediate acks)",
                immediate.with(new Variant(TEMPLATE_STRING, Variant.SINGLE)),
                oursSingle,
                rate,
                0.9,
                true);
        Scenario paced = new Scenario(oursSingle, bytes, 1, 1, AckMode.IMMEDIATE, settings.pacedRate());
        add(
                "ack latency p50 at " + count(settings.pacedRate()) + " records/s: ≤ the official SDK's (≤ 1.0×)",
                paced,
                officialSingle,
                m -> m.latency().p50Micros(),
                1.0,
                false);
        targets.add(new Target(
                "ack latency p99 at " + count(settings.pacedRate()) + " records/s: under 1 ms (µs, absolute)",
                paced,
                null,
                m -> m.latency().p99Micros(),
                1000,
                false));
    }

    private void add(
            String description,
            Scenario ours,
            Variant against,
            ToDoubleFunction<Measurement> figure,
            double bar,
            boolean atLeast) {
        targets.add(new Target(description, ours, ours.with(against), figure, bar, atLeast));
    }

    void render(StringBuilder out) {
        out.append("## Our client against its targets\n\n");
        out.append("| target | measured | bar | met |\n|---|---:|---:|---|\n");
        for (Target target : targets) {
            Optional<Measurement> ours = medians.apply(target.numerator());
            Optional<Measurement> reference =
                    target.denominator() == null ? Optional.empty() : medians.apply(target.denominator());
            double value = Double.NaN;
            if (ours.isPresent() && (target.denominator() == null || reference.isPresent())) {
                double mine = target.figure().applyAsDouble(ours.get());
                value = target.denominator() == null
                        ? mine
                        : mine / target.figure().applyAsDouble(reference.get());
            }
            String met = Double.isNaN(value)
                    ? "not measured"
                    : ((target.atLeast() ? value >= target.bar() : value <= target.bar()) ? "yes" : "**no**");
            out.append("| ")
                    .append(target.description())
                    .append(" | ")
                    .append(Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%.2f", value))
                    .append(" | ")
                    .append(target.atLeast() ? "≥ " : "≤ ")
                    .append(String.format(Locale.ROOT, "%.2f", target.bar()))
                    .append(" | ")
                    .append(met)
                    .append(" |\n");
        }
        out.append('\n');
    }

    private static String count(int value) {
        return String.format(Locale.ROOT, "%,d", value);
    }
}
