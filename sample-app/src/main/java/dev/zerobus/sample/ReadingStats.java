package dev.zerobus.sample;

import dev.zerobus.spring.IngestResult;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/** Counts the readings the sample sent, and how each ended, per table (shown at {@code GET /readings/stats}). */
@Component
class ReadingStats {

    private final Map<String, Counters> tables = new ConcurrentHashMap<>();

    /** Counts {@code records} readings as sent to {@code table} and their outcome when {@code ack} completes. */
    CompletableFuture<IngestResult> track(String table, int records, CompletableFuture<IngestResult> ack) {
        Counters counters = counters(table);
        counters.sent.addAndGet(records);
        return ack.whenComplete((result, failure) -> {
            if (failure == null) {
                counters.acknowledged.addAndGet(records);
            } else {
                counters.failed.addAndGet(records);
                counters.lastError.set(String.valueOf(failure.getMessage()));
            }
        });
    }

    /** Counts readings that were refused at the call (the send threw). */
    void refused(String table, int records, RuntimeException failure) {
        Counters counters = counters(table);
        counters.failed.addAndGet(records);
        counters.lastError.set(failure.getMessage());
    }

    Map<String, TableStats> snapshot() {
        Map<String, TableStats> snapshot = new java.util.TreeMap<>();
        this.tables.forEach((table, counters) -> snapshot.put(
                table,
                new TableStats(
                        counters.sent.get(),
                        counters.acknowledged.get(),
                        counters.failed.get(),
                        counters.lastError.get())));
        return snapshot;
    }

    TableStats of(String table) {
        return snapshot().getOrDefault(table, new TableStats(0, 0, 0, null));
    }

    private Counters counters(String table) {
        return this.tables.computeIfAbsent(table, ignored -> new Counters());
    }

    record TableStats(long sent, long acknowledged, long failed, String lastError) {}

    private static final class Counters {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong acknowledged = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> lastError = new AtomicReference<>();
    }
}
