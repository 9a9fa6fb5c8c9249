package dev.zerobus.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * Renders a run as Markdown: how it was made, our client against its targets, one table per section of the plan
 * (every ratio against the official SDK measured in the same run), and what could not be measured.
 */
public final class ResultsReport {

    private final BenchmarkSettings settings;
    private final MachineInfo machine;
    private final ZonedDateTime date;
    private final String command;
    private final List<BenchmarkPlan.Section> sections;
    private final Map<Scenario, ScenarioResult> results;
    private final Targets targets;

    public ResultsReport(
            BenchmarkSettings settings,
            MachineInfo machine,
            ZonedDateTime date,
            String command,
            List<BenchmarkPlan.Section> sections,
            Map<Scenario, ScenarioResult> results) {
        this.settings = settings;
        this.machine = machine;
        this.date = date;
        this.command = command;
        this.sections = List.copyOf(sections);
        this.results = Map.copyOf(results);
        this.targets = new Targets(settings, this::median);
    }

    /** The command that started this JVM, with the {@code bench.*} settings it was given. */
    public static String commandOfThisProcess() {
        StringBuilder out = new StringBuilder("java");
        for (String name : System.getProperties().stringPropertyNames().stream()
                .filter(n -> n.startsWith("bench."))
                .sorted()
                .toList()) {
            out.append(" -D").append(name).append('=').append(System.getProperty(name));
        }
        return out.append(" -cp … ").append(BenchmarkRunner.class.getName()).toString();
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Benchmarks\n\n");
        out.append(
                "Produced by `zerobus-benchmarks/run-benchmarks.sh` (see `zerobus-benchmarks/README.md` for the method"
                        + " and the settings); every figure below comes from this one run.\n\n");
        environment(out);
        targets.render(out);
        for (BenchmarkPlan.Section section : sections) {
            out.append("## ").append(section.title()).append("\n\n");
            if (section.isLatency()) {
                latencyTable(out, section);
            } else {
                throughputTable(out, section);
            }
        }
        notes(out);
        jsonCheck(out);
        failures(out);
        return out.toString();
    }

    private void environment(StringBuilder out) {
        out.append("## How this run was made\n\n");
        out.append("- Date: ")
                .append(date.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append('\n');
        out.append("- Machine: ")
                .append(machine.processors())
                .append(" processors, ")
                .append(machine.cpuModel())
                .append(", ")
                .append(machine.memory())
                .append(", ")
                .append(machine.os())
                .append('\n');
        out.append("- Load average (1/5/15 min) before the run: ")
                .append(machine.loadBefore())
                .append("; after: ")
                .append(machine.loadAfter())
                .append(" (the run itself keeps about two cores busy; a load well above that before it started means"
                        + " other work shared the CPUs)\n");
        out.append("- JDK: ").append(machine.jvm()).append('\n');
        out.append("- Command: `").append(command).append("`\n");
        out.append("- Client JVM flags: `")
                .append(String.join(" ", settings.clientJvmArgs()))
                .append("`; server JVM flags: `")
                .append(String.join(" ", settings.serverJvmArgs()))
                .append("`\n");
        out.append(String.format(
                Locale.ROOT,
                "- Each scenario in its own fresh JVM, one after another, against a test server in its own JVM"
                        + " (benchmark mode: JSON checked by its first byte, records counted, not kept); %.1f s"
                        + " warm-up, then %.1f s measured, ending with a flush (every counted record was acked);"
                        + " %d rounds, interleaved; the median round is shown with the min–max of all rounds\n",
                settings.warmup().toMillis() / 1000.0,
                settings.measure().toMillis() / 1000.0,
                settings.rounds()));
        out.append(String.format(
                Locale.ROOT,
                "- In-flight limit %,d for every client (requests for ours and grpc-java, records for the official"
                        + " SDK, which counts records; ours also holds at most its default in-flight bytes); batches of"
                        + " %d records\n",
                settings.maxInflight(),
                settings.batchSize()));
        out.append("- µs CPU/record: the client process's CPU time (all threads, native ones included) over the"
                + " measured window ÷ records; MB/s counts the records' JSON bytes; peak RSS is the process's VmHWM;"
                + " heap after GC is the heap in use after the window's last collection\n\n");
    }

    private void throughputTable(StringBuilder out, BenchmarkPlan.Section section) {
        out.append("| client | requests | record | streams × threads | acks | records/s | min–max | MB/s"
                + " | µs CPU/record | × official records/s | × official CPU/record | peak RSS MB"
                + " | heap after GC MB |\n");
        out.append("|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows(section)) {
            Scenario scenario = row.scenario();
            ScenarioResult result = row.result();
            Measurement m = row.median();
            Optional<Measurement> official = row.official();
            row(
                    out,
                    scenario.variant().client().label(),
                    requests(scenario.variant()),
                    scenario.sizeLabel(),
                    scenario.streams() + " × " + scenario.threads(),
                    scenario.ackMode().label(),
                    count(m.recordsPerSecond()),
                    count(result.min(Measurement::recordsPerSecond)) + "–"
                            + count(result.max(Measurement::recordsPerSecond)),
                    decimal(m.recordsPerSecond() * scenario.recordBytes() / 1e6, 1),
                    decimal(m.cpuMicrosPerRecord(), 3),
                    ratio(official, m, Measurement::recordsPerSecond),
                    ratio(official, m, Measurement::cpuMicrosPerRecord),
                    m.peakRssKb() < 0 ? "–" : Long.toString(m.peakRssKb() / 1024),
                    Long.toString(m.heapAfterGcBytes() / (1024 * 1024)));
        }
        out.append('\n');
    }

    private void latencyTable(StringBuilder out, BenchmarkPlan.Section section) {
        out.append("Latency is measured from the moment the ingest call began to the moment the application learns"
                + " the record is durable: the future completing for ours, the ack callback for the official SDK. The"
                + " producer sleeps between its slots (a spinning producer would take one of the machine's cores from"
                + " the client and the server); µs CPU/record includes its wake-ups.\n\n");
        out.append("| client | requests | p50 µs | p99 µs | p99.9 µs | p50 min–max | p99 min–max | µs CPU/record"
                + " | × official p50 | × official p99 |\n");
        out.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : rows(section)) {
            Scenario scenario = row.scenario();
            ScenarioResult result = row.result();
            Measurement m = row.median();
            Optional<Measurement> official = row.official();
            row(
                    out,
                    scenario.variant().client().label(),
                    requests(scenario.variant()),
                    decimal(m.latency().p50Micros(), 0),
                    decimal(m.latency().p99Micros(), 0),
                    decimal(m.latency().p999Micros(), 0),
                    decimal(result.min(r -> r.latency().p50Micros()), 0) + "–"
                            + decimal(result.max(r -> r.latency().p50Micros()), 0),
                    decimal(result.min(r -> r.latency().p99Micros()), 0) + "–"
                            + decimal(result.max(r -> r.latency().p99Micros()), 0),
                    decimal(m.cpuMicrosPerRecord(), 3),
                    ratio(official, m, r -> r.latency().p50Micros()),
                    ratio(official, m, r -> r.latency().p99Micros()));
        }
        out.append('\n');
    }

    private void notes(StringBuilder out) {
        int period = settings.ackModes().stream()
                .mapToInt(AckMode::everyMillis)
                .max()
                .orElse(0);
        if (period > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "With acks every %d ms, one stream carries at most in-flight limit ÷ ack period requests per"
                            + " second (%,d ÷ %.1f s = %,d requests/s) whoever the client is, unless it puts several"
                            + " records into one request (batches, coalesced singles).%n%n",
                    period,
                    settings.maxInflight(),
                    period / 1000.0,
                    settings.maxInflight() * 1000L / period));
        }
    }

    /** The Rust core's JSON check per record, as measured by its {@code json_check_cost} example before the run. */
    private void jsonCheck(StringBuilder out) {
        Path report = settings.jsonCheckReport();
        if (report == null) {
            return;
        }
        out.append("## The JSON check's cost per record\n\n");
        out.append("Every JSON record is checked in the Rust core before it is taken (one object, valid UTF-8, no"
                + " duplicate keys, no lone surrogates); `zerobus-native/rust/examples/json_check_cost.rs`, best of 400"
                + " rounds:\n\n");
        try {
            out.append("```\n").append(Files.readString(report).strip()).append("\n```\n\n");
        } catch (IOException e) {
            out.append("(not measured: ").append(e.getMessage()).append(")\n\n");
        }
    }

    private void failures(StringBuilder out) {
        List<ScenarioResult> failed = sections.stream()
                .flatMap(s -> s.scenarios().stream())
                .distinct()
                .map(results::get)
                .filter(r -> r != null && r.failure() != null)
                .toList();
        if (failed.isEmpty()) {
            return;
        }
        out.append("## Not measured\n\n");
        for (ScenarioResult result : failed) {
            out.append("- ")
                    .append(result.scenario().label())
                    .append(": ")
                    .append(result.failure())
                    .append('\n');
        }
        out.append('\n');
    }

    /** A measured scenario of a section, with its median run and the official SDK's median it is compared to. */
    private record Row(Scenario scenario, ScenarioResult result, Measurement median, Optional<Measurement> official) {}

    /** The section's scenarios that have a measurement, in order. */
    private List<Row> rows(BenchmarkPlan.Section section) {
        List<Row> rows = new java.util.ArrayList<>();
        for (Scenario scenario : section.scenarios()) {
            ScenarioResult result = results.get(scenario);
            Optional<Measurement> median = result == null ? Optional.empty() : result.median();
            median.ifPresent(m -> rows.add(new Row(scenario, result, m, median(baseline(scenario)))));
        }
        return rows;
    }

    /** The official SDK's row this scenario is compared to: same format, same shape (singles for coalesced). */
    static Scenario baseline(Scenario scenario) {
        Variant variant = scenario.variant();
        String shape = variant.isBatch() ? variant.shape() : Variant.SINGLE;
        return scenario.with(new Variant(variant.client().officialCounterpart(), shape));
    }

    private Optional<Measurement> median(Scenario scenario) {
        ScenarioResult result = results.get(scenario);
        return result == null ? Optional.empty() : result.median();
    }

    private static String requests(Variant variant) {
        return variant.client().name().startsWith("TEMPLATE") && variant.isBatch()
                ? "sendBatch of " + variant.batchSize()
                : variant.shape();
    }

    private static void row(StringBuilder out, String... cells) {
        out.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }

    private static String ratio(Optional<Measurement> reference, Measurement m, ToDoubleFunction<Measurement> figure) {
        return reference
                .map(r -> ratio(figure.applyAsDouble(m), figure.applyAsDouble(r)))
                .orElse("–");
    }

    static String ratio(double value, double reference) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", value / reference);
    }

    static String count(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    static String decimal(double value, int places) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,." + places + "f", value);
    }
}
