package dev.zerobus.benchmarks;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * All rounds of one scenario; a scenario that could not run carries the reason instead.
 *
 * @param scenario what was measured
 * @param runs the measurements, one per round (empty when it failed)
 * @param failure why it did not run, or null
 */
public record ScenarioResult(Scenario scenario, List<Measurement> runs, String failure) {

    public ScenarioResult {
        runs = List.copyOf(runs);
    }

    public static ScenarioResult failed(Scenario scenario, String failure) {
        return new ScenarioResult(scenario, List.of(), failure);
    }

    /**
     * The median run: by throughput, or for a paced run (whose throughput is the offered load) by median latency; the
     * lower middle one for an even count.
     */
    public Optional<Measurement> median() {
        if (runs.isEmpty()) {
            return Optional.empty();
        }
        Comparator<Measurement> order = scenario.isPaced()
                ? Comparator.comparingDouble(m -> m.latency().p50Micros())
                : Comparator.comparingDouble(Measurement::recordsPerSecond);
        List<Measurement> sorted = runs.stream().sorted(order).toList();
        return Optional.of(sorted.get((sorted.size() - 1) / 2));
    }

    public double min(ToDoubleFunction<Measurement> figure) {
        return runs.stream().mapToDouble(figure).min().orElse(Double.NaN);
    }

    public double max(ToDoubleFunction<Measurement> figure) {
        return runs.stream().mapToDouble(figure).max().orElse(Double.NaN);
    }
}
