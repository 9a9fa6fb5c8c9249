package dev.zerobus.client;

import dev.zerobus.test.IngestedRecord;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the chaos test sent: every request with its records' unique keys, its future and when it was sent and
 * completed; and the checks at the end (acked ⇒ stored, failed ⇒ payload retrievable, nothing in neither set).
 */
final class ChaosLedger {

    private static final Pattern KEY = Pattern.compile("\"key\":(\\d+)");

    /** Record keys are unique over the whole run and all streams. */
    private final AtomicLong nextKey = new AtomicLong();

    private final ConcurrentLinkedQueue<Sent> sent = new ConcurrentLinkedQueue<>();

    /** One ingest call: a single record or a batch (one future for all its records). */
    static final class Sent {

        final int stream;

        final long firstKey;

        final int records;

        final long sentAtNanos;

        CompletableFuture<Long> future;

        /** When the future completed, as seen by its first callback; 0 while pending. */
        volatile long doneAtNanos;

        Sent(int stream, long firstKey, int records, long sentAtNanos) {
            this.stream = stream;
            this.firstKey = firstKey;
            this.records = records;
            this.sentAtNanos = sentAtNanos;
        }
    }

    /** Reserves {@code records} consecutive keys. */
    long reserveKeys(int records) {
        return this.nextKey.getAndAdd(records);
    }

    long recordsReserved() {
        return this.nextKey.get();
    }

    static String json(long key, int thread, int stream, int indexInBatch) {
        return "{\"key\":" + key + ",\"thread\":" + thread + ",\"stream\":" + stream + ",\"i\":" + indexInBatch
                + ",\"device\":\"sensor-" + (key % 13) + "\",\"value\":" + (key * 0.25) + "}";
    }

    static long keyOf(String json) {
        Matcher matcher = KEY.matcher(json);
        if (!matcher.find()) {
            throw new AssertionError("no key in " + json);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The key as the test server's duplicate counter sees it. */
    static String serverKey(IngestedRecord record) {
        return record.isJson() ? Long.toString(keyOf(record.json())) : null;
    }

    /** Registers a request whose ingest call returned, and times its completion. */
    void add(Sent request, CompletableFuture<Long> future) {
        request.future = future;
        this.sent.add(request);
        future.whenComplete((v, e) -> request.doneAtNanos = System.nanoTime());
    }

    List<Sent> all() {
        return new ArrayList<>(this.sent);
    }

    /** The outcome of the end-of-run checks for one stream. */
    static final class Verdict {

        long requests;

        long records;

        long ackedRecords;

        long failedRecords;

        long failedWithPayload;

        long pendingRequests;

        long stored;

        long storedDistinct;

        long foreignStored;

        final List<Long> ackedButNotStored = new ArrayList<>();

        final List<Long> failedWithoutPayload = new ArrayList<>();

        long duplicates() {
            return this.stored - this.storedDistinct;
        }

        void add(Verdict other) {
            this.requests += other.requests;
            this.records += other.records;
            this.ackedRecords += other.ackedRecords;
            this.failedRecords += other.failedRecords;
            this.failedWithPayload += other.failedWithPayload;
            this.pendingRequests += other.pendingRequests;
            this.stored += other.stored;
            this.storedDistinct += other.storedDistinct;
            this.foreignStored += other.foreignStored;
            this.ackedButNotStored.addAll(other.ackedButNotStored);
            this.failedWithoutPayload.addAll(other.failedWithoutPayload);
        }
    }

    /**
     * Checks one stream's requests against what its table stored and what the stream reported as unacked. A record is
     * in exactly one of: acked (then it must be stored), failed (then its payload must be in {@code unacked}), or
     * pending (which must not happen once close returned).
     */
    Verdict verify(int stream, List<IngestedRecord> stored, List<UnackedBatch> unacked) {
        Verdict verdict = new Verdict();
        Set<Long> storedKeys = new HashSet<>();
        for (IngestedRecord record : stored) {
            storedKeys.add(keyOf(record.json()));
        }
        verdict.stored = stored.size();
        verdict.storedDistinct = storedKeys.size();
        Set<Long> unackedKeys = new HashSet<>();
        for (UnackedBatch batch : unacked) {
            for (String json : batch.jsonRecords()) {
                unackedKeys.add(keyOf(json));
            }
        }
        Set<Long> ours = new HashSet<>();
        for (Sent request : this.sent) {
            if (request.stream != stream) {
                continue;
            }
            verdict.requests++;
            verdict.records += request.records;
            CompletableFuture<Long> future = request.future;
            for (long key = request.firstKey; key < request.firstKey + request.records; key++) {
                ours.add(key);
            }
            if (!future.isDone()) {
                verdict.pendingRequests++;
            } else if (future.isCompletedExceptionally()) {
                verdict.failedRecords += request.records;
                for (long key = request.firstKey; key < request.firstKey + request.records; key++) {
                    if (unackedKeys.contains(key)) {
                        verdict.failedWithPayload++;
                    } else {
                        verdict.failedWithoutPayload.add(key);
                    }
                }
            } else {
                verdict.ackedRecords += request.records;
                for (long key = request.firstKey; key < request.firstKey + request.records; key++) {
                    if (!storedKeys.contains(key)) {
                        verdict.ackedButNotStored.add(key);
                    }
                }
            }
        }
        for (long key : storedKeys) {
            if (!ours.contains(key)) {
                verdict.foreignStored++;
            }
        }
        return verdict;
    }

    /**
     * The longest time no future completed while records were outstanding: a sweep over send and completion times.
     * A period starts when something becomes outstanding or a future completes, and ends at the next completion (or
     * at {@code endNanos} when requests are still pending then).
     *
     * @param stream the stream to look at, -1 for all (then a period ends when a future of any stream completes)
     * @return the length in milliseconds and the {@code System.nanoTime()} it started at
     */
    long[] longestStall(long endNanos, int stream) {
        List<long[]> events = new ArrayList<>();
        for (Sent request : this.sent) {
            if (stream >= 0 && request.stream != stream) {
                continue;
            }
            events.add(new long[] {request.sentAtNanos, +1});
            long done = request.doneAtNanos;
            events.add(new long[] {(done == 0) ? endNanos : Math.max(done, request.sentAtNanos), -1});
        }
        // At equal times a completion goes first, so that a request completed at once never opens a period.
        events.sort((a, b) -> (a[0] != b[0]) ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        long outstanding = 0;
        long mark = 0;
        long longest = 0;
        long longestFrom = 0;
        for (long[] event : events) {
            if (event[1] > 0) {
                if (outstanding == 0) {
                    mark = event[0];
                }
                outstanding++;
            } else {
                if (event[0] - mark > longest) {
                    longest = event[0] - mark;
                    longestFrom = mark;
                }
                mark = event[0];
                outstanding--;
            }
        }
        return new long[] {longest / 1_000_000, longestFrom};
    }

    /** Requests per stream, for the figures. */
    Map<Integer, Long> requestsPerStream() {
        Map<Integer, Long> counts = new HashMap<>();
        for (Sent request : this.sent) {
            counts.merge(request.stream, 1L, Long::sum);
        }
        return counts;
    }
}
