package dev.zerobus.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The durable records, per table, in the order they were stored. In count-only (benchmark) mode only the number of
 * records is kept.
 */
final class RecordStore {

    private final boolean countOnly;
    private final RecordKeyExtractor keyExtractor;
    private final ConcurrentHashMap<String, TableLog> tables = new ConcurrentHashMap<>();

    RecordStore(boolean countOnly, RecordKeyExtractor keyExtractor) {
        this.countOnly = countOnly;
        this.keyExtractor = keyExtractor;
    }

    boolean countOnly() {
        return countOnly;
    }

    /** The log of one table, created on first use; sessions keep it for the life of their stream. */
    TableLog table(String table) {
        return tables.computeIfAbsent(table, name -> new TableLog());
    }

    List<IngestedRecord> records(String table) {
        TableLog log = tables.get(table);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            return List.copyOf(log.records);
        }
    }

    long count(String table) {
        TableLog log = tables.get(table);
        return log == null ? 0 : log.count;
    }

    long duplicates(String table) {
        TableLog log = tables.get(table);
        if (log == null) {
            return 0;
        }
        synchronized (log) {
            return log.duplicates;
        }
    }

    List<IngestedRecord> awaitRecords(String table, int atLeast, Duration timeout) {
        if (countOnly) {
            throw new IllegalStateException("records are not stored in benchmark mode; use awaitRecordCount");
        }
        TableLog log = table(table);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (log.records.size() < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("expected at least " + atLeast + " records in " + table + " within "
                            + timeout + " but saw " + log.records.size() + describeTail(log.records));
                }
                waitOn(log, Math.max(1, left / 1_000_000));
            }
            return List.copyOf(log.records);
        }
    }

    long awaitRecordCount(String table, long atLeast, Duration timeout) {
        TableLog log = table(table);
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (log.count < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("expected at least " + atLeast + " records in " + table + " within "
                            + timeout + " but saw " + log.count);
                }
                // count-only appends do not notify (they run per request on the I/O thread), so poll briefly.
                waitOn(log, Math.max(1, Math.min(left / 1_000_000, countOnly ? 5 : 1000)));
            }
            return log.count;
        }
    }

    void clear() {
        for (TableLog log : tables.values()) {
            synchronized (log) {
                log.records.clear();
                log.keys.clear();
                log.count = 0;
                log.duplicates = 0;
            }
        }
    }

    /** Appends the records of one request; returns how many of them were duplicates by key. */
    int append(TableLog log, List<IngestedRecord> records) {
        int duplicates = 0;
        synchronized (log) {
            for (IngestedRecord record : records) {
                if (keyExtractor != null) {
                    String key = keyExtractor.key(record);
                    if (key != null && !log.keys.add(key)) {
                        duplicates++;
                    }
                }
                log.records.add(record);
            }
            log.count += records.size();
            log.duplicates += duplicates;
            log.notifyAll();
        }
        return duplicates;
    }

    /** Benchmark mode: count the records of one request without keeping them. */
    void count(TableLog log, int records) {
        synchronized (log) {
            log.count += records;
        }
    }

    private static String describeTail(List<IngestedRecord> records) {
        if (records.isEmpty()) {
            return "";
        }
        return "; last: " + records.get(records.size() - 1);
    }

    private static void waitOn(Object monitor, long millis) {
        try {
            monitor.wait(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for records", e);
        }
    }

    /** One table's records; guarded by its own monitor. */
    static final class TableLog {
        private final List<IngestedRecord> records = new ArrayList<>();
        private final Set<String> keys = new HashSet<>();
        private volatile long count;
        private long duplicates;
    }
}
