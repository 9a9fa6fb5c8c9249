package dev.zerobus.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one client process measured over its window: records acknowledged, wall time and the process's CPU time
 * (all threads, native ones included), plus its memory high-water marks.
 *
 * @param variant the variant id ({@link Variant#id()})
 * @param ackMode {@code immediate} or {@code every-200ms} (the server's ack policy)
 * @param records records ingested and acknowledged inside the window
 * @param wallNanos wall time of the window, including the final flush
 * @param cpuNanos process CPU time spent in the window
 * @param peakRssKb the process's peak resident set (VmHWM), over its whole life
 * @param heapAfterGcBytes heap in use after the last garbage collection of the window (what the client keeps live)
 */
public record Measurement(
        String variant,
        String ackMode,
        long records,
        long wallNanos,
        long cpuNanos,
        long peakRssKb,
        long heapAfterGcBytes) {

    /** The prefix of the single line a client process prints with its result. */
    public static final String LINE_PREFIX = "BENCH_RESULT ";

    public double recordsPerSecond() {
        return wallNanos == 0 ? 0 : records * 1e9 / wallNanos;
    }

    public double cpuMicrosPerRecord() {
        return records == 0 ? Double.NaN : cpuNanos / 1e3 / records;
    }

    public String toLine() {
        return LINE_PREFIX + "variant=" + variant + " ackMode=" + ackMode + " records=" + records + " wallNanos="
                + wallNanos + " cpuNanos=" + cpuNanos + " peakRssKb=" + peakRssKb + " heapAfterGcBytes="
                + heapAfterGcBytes;
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
                required(fields, "ackMode"),
                Long.parseLong(required(fields, "records")),
                Long.parseLong(required(fields, "wallNanos")),
                Long.parseLong(required(fields, "cpuNanos")),
                Long.parseLong(required(fields, "peakRssKb")),
                Long.parseLong(required(fields, "heapAfterGcBytes")));
    }

    private static String required(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("result line lacks '" + key + "'");
        }
        return value;
    }
}
