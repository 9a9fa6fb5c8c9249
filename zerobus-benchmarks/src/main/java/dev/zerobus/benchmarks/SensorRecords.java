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
     * {@code count} distinct records of exactly {@code bytes} ASCII bytes each, as JSON text.
     *
     * @throws IllegalArgumentException if {@code bytes} is too small to hold a reading
     */
    public static List<String> generate(int count, int bytes) {
        return readings(count, bytes).stream().map(SensorReading::json).toList();
    }

    /** {@code count} distinct readings whose JSON form is exactly {@code bytes} ASCII bytes. */
    public static List<SensorReading> readings(int count, int bytes) {
        SplittableRandom random = new SplittableRandom(42);
        List<SensorReading> readings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            readings.add(reading(i, random, bytes));
        }
        return readings;
    }

    /** Consecutive, non-overlapping batches of {@code batchSize} records, cycling through {@code records}. */
    public static <T> List<List<T>> batches(List<T> records, int batchSize, int batchCount) {
        List<List<T>> batches = new ArrayList<>(batchCount);
        int next = 0;
        for (int b = 0; b < batchCount; b++) {
            List<T> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(records.get(next));
                next = (next + 1) % records.size();
            }
            batches.add(List.copyOf(batch));
        }
        return batches;
    }

    private static SensorReading reading(int index, SplittableRandom random, int bytes) {
        SensorReading unpadded = new SensorReading(
                String.format(Locale.ROOT, "sensor-%06d", index % 1_000_000),
                String.format(Locale.ROOT, "plant-%02d", index % 17),
                START_MICROS + index * 1_000L,
                hundredths(-20 + random.nextDouble() * 60),
                hundredths(random.nextDouble() * 100),
                hundredths(950 + random.nextDouble() * 100),
                hundredths(3 + random.nextDouble()),
                random.nextInt(50) == 0 ? "WARN" : "OK",
                "");
        int padding = bytes - unpadded.json().length();
        if (padding < 0) {
            throw new IllegalArgumentException(
                    "a sensor reading needs at least " + unpadded.json().length() + " bytes, asked for " + bytes);
        }
        StringBuilder note = new StringBuilder(padding);
        for (int i = 0; i < padding; i++) {
            note.append((char) ('a' + (index + i) % 26));
        }
        return new SensorReading(
                unpadded.sensorId(),
                unpadded.site(),
                unpadded.ts(),
                unpadded.temperatureC(),
                unpadded.humidityPct(),
                unpadded.pressureHpa(),
                unpadded.batteryV(),
                unpadded.status(),
                note.toString());
    }

    private static double hundredths(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
