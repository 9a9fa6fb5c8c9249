package dev.zerobus.benchmarks;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Renders a run as Markdown: environment, the side-by-side table, and our client against the design's targets. */
public final class ResultsReport {

    private final BenchmarkSettings settings;
    private final MachineInfo machine;
    private final ZonedDateTime date;
    private final List<VariantResult> results;

    public ResultsReport(
            BenchmarkSettings settings, MachineInfo machine, ZonedDateTime date, List<VariantResult> results) {
        this.settings = settings;
        this.machine = machine;
        this.date = date;
        this.results = List.copyOf(results);
    }

    public String markdown() {
        StringBuilder out = new StringBuilder();
        out.append("# Zerobus client benchmark\n\n");
        environment(out);
        table(out);
        targets(out);
        failures(out);
        return out.toString();
    }

    private void environment(StringBuilder out) {
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
                .append(" (anything well above 0 means other processes shared the CPUs and the figures are noisy)\n");
        out.append("- JVM: ").append(machine.jvm()).append('\n');
        out.append("- Client JVM flags: `")
                .append(String.join(" ", settings.clientJvmArgs()))
                .append("`; server JVM flags: `")
                .append(String.join(" ", settings.serverJvmArgs()))
                .append("`\n");
        out.append(String.format(
                Locale.ROOT,
                "- Each client in its own fresh JVM, one after another, against one test server in its own JVM"
                        + " (benchmark mode); %.1f s warm-up, then %.1f s measured (ending with a flush: every"
                        + " counted record was acked); %d round(s), the median run shown\n",
                settings.warmup().toMillis() / 1000.0,
                settings.measure().toMillis() / 1000.0,
                settings.rounds()));
        out.append(String.format(
                Locale.ROOT,
                "- %d-byte JSON records (sensor readings, pre-generated); in-flight limit %,d requests for every"
                        + " client; batches of %d records\n",
                settings.recordBytes(),
                settings.maxInflight(),
                settings.batchSize()));
        out.append("- CPU/record: the client process's CPU time (all threads, native ones included) over the window,"
                + " divided by the records; peak RSS is the process's VmHWM; heap after GC is the heap in use after"
                + " the window's last garbage collection\n\n");
    }

    private void table(StringBuilder out) {
        boolean spread = settings.rounds() > 1;
        out.append("| client | requests | acks | records/s |");
        if (spread) {
            out.append(" min–max records/s |");
        }
        out.append(
                " µs CPU/record | × official records/s | × official CPU/record | peak RSS MB | heap after GC MB |\n");
        out.append("|---|---|---|---:|");
        if (spread) {
            out.append("---:|");
        }
        out.append("---:|---:|---:|---:|---:|\n");
        for (VariantResult result : results) {
            Optional<Measurement> median = result.median();
            if (median.isEmpty()) {
                continue;
            }
            Measurement m = median.get();
            Optional<Measurement> official = find(ClientKind.OFFICIAL_SDK, result.variant(), result.ackMode());
            out.append("| ")
                    .append(result.variant().client().label())
                    .append(" | ")
                    .append(result.variant().requestShape())
                    .append(" | ")
                    .append(result.ackMode().label())
                    .append(" | ")
                    .append(count(m.recordsPerSecond()))
                    .append(" | ");
            if (spread) {
                out.append(count(result.minRecordsPerSecond()))
                        .append("–")
                        .append(count(result.maxRecordsPerSecond()))
                        .append(" | ");
            }
            out.append(String.format(Locale.ROOT, "%.3f", m.cpuMicrosPerRecord()))
                    .append(" | ")
                    .append(official.map(o -> ratio(m.recordsPerSecond(), o.recordsPerSecond()))
                            .orElse("–"))
                    .append(" | ")
                    .append(official.map(o -> ratio(m.cpuMicrosPerRecord(), o.cpuMicrosPerRecord()))
                            .orElse("–"))
                    .append(" | ")
                    .append(m.peakRssKb() < 0 ? "–" : Long.toString(m.peakRssKb() / 1024))
                    .append(" | ")
                    .append(m.heapAfterGcBytes() / (1024 * 1024))
                    .append(" |\n");
        }
        out.append('\n');
    }

    private void targets(StringBuilder out) {
        out.append("## Our client against the targets\n\n");
        out.append("Targets (design.md): single records with immediate acks at least 1.5× the official SDK's"
                + " records/s with at most half its CPU per record; ahead of it for batches; within 2× of the"
                + " grpc-java ceiling (ratio ≥ 0.50).\n\n");
        out.append("| requests | acks | ours ÷ official records/s | ours ÷ official CPU/record"
                + " | ours ÷ grpc-java records/s | ours ÷ grpc-java CPU/record |\n");
        out.append("|---|---|---:|---:|---:|---:|\n");
        boolean any = false;
        for (VariantResult result : results) {
            if (result.variant().client() != ClientKind.ZEROBUS_NATIVE
                    || result.median().isEmpty()) {
                continue;
            }
            any = true;
            Measurement ours = result.median().get();
            Optional<Measurement> official = find(ClientKind.OFFICIAL_SDK, result.variant(), result.ackMode());
            Optional<Measurement> ceiling = find(ClientKind.GRPC_JAVA, result.variant(), result.ackMode());
            out.append("| ")
                    .append(result.variant().requestShape())
                    .append(" | ")
                    .append(result.ackMode().label())
                    .append(" | ")
                    .append(official.map(o -> ratio(ours.recordsPerSecond(), o.recordsPerSecond()))
                            .orElse("–"))
                    .append(" | ")
                    .append(official.map(o -> ratio(ours.cpuMicrosPerRecord(), o.cpuMicrosPerRecord()))
                            .orElse("–"))
                    .append(" | ")
                    .append(ceiling.map(c -> ratio(ours.recordsPerSecond(), c.recordsPerSecond()))
                            .orElse("–"))
                    .append(" | ")
                    .append(ceiling.map(c -> ratio(ours.cpuMicrosPerRecord(), c.cpuMicrosPerRecord()))
                            .orElse("–"))
                    .append(" |\n");
        }
        if (!any) {
            out.append("| – | – | our client was not measured in this run | | | |\n");
        }
        out.append('\n');
        int period = settings.ackModes().stream()
                .mapToInt(AckMode::everyMillis)
                .max()
                .orElse(0);
        if (period > 0) {
            out.append(String.format(
                    Locale.ROOT,
                    "With acks every %d ms, one stream carries at most in-flight limit ÷ ack period requests per"
                            + " second (%,d ÷ %.1f s = %,d requests/s), whoever the client is.%n%n",
                    period,
                    settings.maxInflight(),
                    period / 1000.0,
                    settings.maxInflight() * 1000L / period));
        }
    }

    private void failures(StringBuilder out) {
        List<VariantResult> failed =
                results.stream().filter(r -> r.failure() != null).toList();
        if (failed.isEmpty()) {
            return;
        }
        out.append("## Not measured\n\n");
        for (VariantResult result : failed) {
            out.append("- ")
                    .append(result.variant().id())
                    .append(", acks ")
                    .append(result.ackMode().label())
                    .append(": ")
                    .append(result.failure())
                    .append('\n');
        }
        out.append('\n');
    }

    private Optional<Measurement> find(ClientKind client, Variant like, AckMode ackMode) {
        return results.stream()
                .filter(r -> r.variant().client() == client
                        && r.variant().batchSize() == like.batchSize()
                        && r.ackMode().equals(ackMode))
                .findFirst()
                .flatMap(VariantResult::median);
    }

    private static String count(double value) {
        return Double.isNaN(value) ? "–" : String.format(Locale.ROOT, "%,d", Math.round(value));
    }

    private static String ratio(double value, double reference) {
        if (Double.isNaN(value) || Double.isNaN(reference) || reference == 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", value / reference);
    }
}
