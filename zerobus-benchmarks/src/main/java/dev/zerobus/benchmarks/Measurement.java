package dev.zerobus.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What one client process measured over its window: records acknowledged, wall time and the process's CPU time
 * (all threads, native ones included), its memory high-water marks, and for a paced run the ack latency.
 *
 * @param variant the variant id ({@link Variant#id()})
 * @param records records ingested and acknowledged inside the window
 * @param wallNanos wall time of the window, including the final flush
 * @param cpuNanos process CPU time spent in the window
 * @param peakRssKb the process's peak resident set (VmHWM), over its whole life
 * @param heapAfterGcBytes heap in use after the last garbage collection of the window (what the client keeps live)
 * @param latency the ack latency of a paced run, {@link Latency#NONE} otherwise
 */
public record Measurement(
        String variant,
        long records,
        long wallNanos,
        long cpuNanos,
        long peakRssKb,
        long heapAfterGcBytes,
        Latency latency) {

    /**
     * Percentiles of the time from the moment the ingest call of a record began to the moment the client reported the
     * record acknowledged.
     *
     * @param p50Micros median
     * @param p99Micros 99th percentile
     * @param p999Micros 99.9th percentile
     */
    public record Latency(double p50Micros, double p99Micros, double p999Micros) {

        public static final Latency NONE = new Latency(Double.NaN, Double.NaN, Double.NaN);

        public boolean isMeasured() {
            return !Double.isNaN(p50Micros);
        }
    }

    /** The prefix of the single line a client process prints with its result. */
    public static final String LINE_PREFIX = "BENCH_RESULT ";

    public double recordsPerSecond() {
        return wallNanos == 0 ? 0 : records * 1e9 / wallNanos;
    }

    public double cpuMicrosPerRecord() {
        return records == 0 ? Double.NaN : cpuNanos / 1e3 / records;
    }

    public String toLine() {
        return LINE_PREFIX
                + String.format(
                        Locale.ROOT,
                        "variant=%s records=%d wallNanos=%d cpuNanos=%d peakRssKb=%d heapAfterGcBytes=%d"
                                + " p50Micros=%s p99Micros=%s p999Micros=%s",
                        variant,
                        records,
                        wallNanos,
                        cpuNanos,
                        peakRssKb,
                        heapAfterGcBytes,
                        latency.p50Micros(),
                        latency.p99Micros(),
                        latency.p999Micros());
    }

    public static boolean isResultLine(String line) {
        return line.startsWith(LINE_PREFIX);
    }

    public static Measurement parseLine(String line) {
        if (!isResultLine(line)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : line.substring(LINE_PREFIX.length()).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return new Measurement(
                required(fields, "variant"),
                Long.parseLong(required(fields, "records")),
                Long.parseLong(required(fields, "wallNanos")),
                Long.parseLong(required(fields, "cpuNanos")),
                Long.parseLong(required(fields, "peakRssKb")),
                Long.parseLong(required(fields, "heapAfterGcBytes")),
                new Latency(
                        Double.parseDouble(required(fields, "p50Micros")),
                        Double.parseDouble(required(fields, "p99Micros")),
                        Double.parseDouble(required(fields, "p999Micros"))));
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("result line lacks '" + key + "'");
        }
        return value;
    }
}
