package dev.zerobus.test;

import io.grpc.Status;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Faults the test server injects on demand, to exercise a client's recovery. Thread-safe; every method takes effect at
 * once. {@link #reset()} clears everything (the JUnit extension calls it before each test).
 */
public final class FaultInjector {

    /** What the faults act on: the server's open streams and its timer. */
    interface Target {

        void sendCloseSignalToOpenStreams(Duration closeAfter);

        void flushAcks();

        void schedule(Runnable task, Duration delay);
    }

    private static final long NO_LIMIT = Long.MAX_VALUE;

    private final Target target;
    private final AtomicInteger failingStreamCreations = new AtomicInteger();
    private volatile Status.Code streamCreationFailureCode = Status.Code.UNAVAILABLE;
    private final AtomicLong recordsBeforeBreak = new AtomicLong(-1);
    private volatile long acksStalledUntilNanos;
    private volatile boolean acksStalled;
    private volatile long ackLimit = NO_LIMIT;
    private final AtomicInteger failingTokenRequests = new AtomicInteger();
    private volatile int tokenFailureStatus = 503;

    FaultInjector(Target target) {
        this.target = target;
    }

    /** The next {@code n} {@code create_stream} requests are answered with {@code code} instead of a stream id. */
    public FaultInjector failNextStreamCreations(int n, Status.Code code) {
        requireNonNegative(n);
        Objects.requireNonNull(code, "code");
        if (code == Status.Code.OK) {
            throw new IllegalArgumentException("a failure needs a non-OK code");
        }
        streamCreationFailureCode = code;
        failingStreamCreations.set(n);
        return this;
    }

    /**
     * After {@code n} more records are stored (counted over all streams), the TCP connection that carried the n-th
     * record is reset (RST, no gRPC status). The request holding it is stored but not acknowledged, so a correct client
     * re-sends it and the table sees a duplicate. One-shot.
     */
    public FaultInjector breakConnectionAfterRecords(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        recordsBeforeBreak.set(n);
        return this;
    }

    /**
     * Sends {@code close_stream_signal} with duration {@code closeAfter} to every open stream now; the server then ends
     * each of them cleanly (status OK) after that duration, as the real service does every ~15 minutes.
     */
    public FaultInjector sendCloseSignal(Duration closeAfter) {
        requireNonNegative(closeAfter);
        target.sendCloseSignalToOpenStreams(closeAfter);
        return this;
    }

    /** No acks for {@code duration} from now; afterwards one cumulative ack per stream catches up. */
    public FaultInjector stallAcks(Duration duration) {
        requireNonNegative(duration);
        acksStalledUntilNanos = System.nanoTime() + duration.toNanos();
        acksStalled = true;
        target.schedule(this::endStallIfDue, duration);
        return this;
    }

    /** Never acknowledge beyond {@code wireOffset} on any stream (records are still stored) until {@link #clearAckLimit()}. */
    public FaultInjector ackOnlyUpTo(long wireOffset) {
        ackLimit = wireOffset;
        return this;
    }

    /** Lifts {@link #ackOnlyUpTo(long)}; held-back acks are sent at once. */
    public FaultInjector clearAckLimit() {
        ackLimit = NO_LIMIT;
        target.flushAcks();
        return this;
    }

    /** The next {@code n} token requests are answered with {@code httpStatus} and a JSON error body. */
    public FaultInjector failNextTokenRequests(int n, int httpStatus) {
        requireNonNegative(n);
        if (httpStatus < 400 || httpStatus > 599) {
            throw new IllegalArgumentException("an error status is 4xx or 5xx: " + httpStatus);
        }
        tokenFailureStatus = httpStatus;
        failingTokenRequests.set(n);
        return this;
    }

    /** Clears every fault; held-back acks are sent at once. */
    public FaultInjector reset() {
        failingStreamCreations.set(0);
        recordsBeforeBreak.set(-1);
        acksStalled = false;
        ackLimit = NO_LIMIT;
        failingTokenRequests.set(0);
        target.flushAcks();
        return this;
    }

    // ---- queried by the server ----

    /** The code to fail this stream creation with, or {@code null} to let it pass. */
    Status.Code takeStreamCreationFailure() {
        return takeOne(failingStreamCreations) ? streamCreationFailureCode : null;
    }

    /** Counts {@code records} stored records; true exactly once, when the break point is reached. */
    boolean recordsStoredShouldBreak(int records) {
        if (recordsBeforeBreak.get() < 0) {
            return false;
        }
        while (true) {
            long remaining = recordsBeforeBreak.get();
            if (remaining < 0) {
                return false;
            }
            long next = remaining - records;
            if (recordsBeforeBreak.compareAndSet(remaining, next <= 0 ? -1 : next)) {
                return next <= 0;
            }
        }
    }

    boolean acksStalled() {
        if (!acksStalled) {
            return false;
        }
        if (System.nanoTime() - acksStalledUntilNanos >= 0) {
            acksStalled = false;
            return false;
        }
        return true;
    }

    long ackLimit() {
        return ackLimit;
    }

    /** The HTTP status to fail this token request with, or 0 to let it pass. */
    int takeTokenFailure() {
        return takeOne(failingTokenRequests) ? tokenFailureStatus : 0;
    }

    private void endStallIfDue() {
        if (!acksStalled()) {
            target.flushAcks();
        } else {
            long remaining = acksStalledUntilNanos - System.nanoTime();
            target.schedule(this::endStallIfDue, Duration.ofNanos(Math.max(remaining, 1_000_000)));
        }
    }

    private static boolean takeOne(AtomicInteger counter) {
        while (true) {
            int left = counter.get();
            if (left <= 0) {
                return false;
            }
            if (counter.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    private static void requireNonNegative(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count must not be negative: " + n);
        }
    }

    private static void requireNonNegative(Duration duration) {
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative: " + duration);
        }
    }
}
