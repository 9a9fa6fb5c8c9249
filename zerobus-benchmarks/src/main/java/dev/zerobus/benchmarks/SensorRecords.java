package dev.zerobus.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Realistic sensor readings as JSON objects of an exact byte size, generated before any measurement so that the
 * measured window contains only ingestion.
 */
public final class SensorRecords {

    private static final long START_MICROS = 1_767_225_600_000_000L; // 2026-01-01T00:00:00Z

    private SensorRecords() {}

    /**
     * {@code count} distinct records of exactly {@code bytes} ASCII bytes each.
     *
     * @throws IllegalArgumentException if {@code bytes} is too small to hold a reading
     */
    public static List<String> generate(int count, int bytes) {
        SplittableRandom random = new SplittableRandom(42);
        List<String> records = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            records.add(reading(i, random, bytes));
        }
        return records;
    }

    /** Consecutive, non-overlapping batches of {@code batchSize} records, cycling through {@code records}. */
    public static List<List<String>> batches(List<String> records, int batchSize, int batchCount) {
        List<List<String>> batches = new ArrayList<>(batchCount);
        int next = 0;
        for (int b = 0; b < batchCount; b++) {
            List<String> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(records.get(next));
                next = (next + 1) % records.size();
            }
            batches.add(List.copyOf(batch));
        }
        return batches;
    }

    private static String reading(int index, SplittableRandom random, int bytes) {
        String head = String.format(
                Locale.ROOT,
                "{\"sensor_id\":\"sensor-%06d\",\"site\":\"plant-%02d\",\"ts\":%d,\"temperature_c\":%.2f,"
                        + "\"humidity_pct\":%.1f,\"pressure_hpa\":%.2f,\"battery_v\":%.2f,\"status\":\"%s\",\"note\":\"",
                index % 1_000_000,
                index % 17,
                START_MICROS + index * 1_000L,
                -20 + random.nextDouble() * 60,
                random.nextDouble() * 100,
                950 + random.nextDouble() * 100,
                3 + random.nextDouble(),
                random.nextInt(50) == 0 ? "WARN" : "OK");
        String tail = "\"}";
        int padding = bytes - head.length() - tail.length();
        if (padding < 0) {
            throw new IllegalArgumentException("a sensor reading needs at least " + (head.length() + tail.length())
                    + " bytes, asked for " + bytes);
        }
        StringBuilder record = new StringBuilder(bytes).append(head);
        for (int i = 0; i < padding; i++) {
            record.append((char) ('a' + (index + i) % 26));
        }
        return record.append(tail).toString();
    }
}
