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

    /** What the faults act on: the server's open streams, its connections and its timer. */
    interface Target {

        /** {@code withDuration} false leaves the signal's {@code duration} field out. */
        void sendCloseSignalToOpenStreams(Duration closeAfter, boolean withDuration);

        void endOpenStreamsCleanly();

        void flushAcks();

        void schedule(Runnable task, Duration delay);

        /** Freezes the open connections (see {@link FrozenConnection}); returns how many. */
        int freezeConnections();

        void unfreezeConnections();
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
    private volatile Duration tokenResponseDelay = Duration.ZERO;
    private final RequestDropper drops = new RequestDropper();

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
     * Each ingest request (a single record or a batch) that the server would store is, with {@code probability},
     * dropped instead: the server ends that RPC with {@code UNAVAILABLE} ("... dropped (injected fault)") without storing
     * the request and without a final ack. Requests stored earlier on that RPC stay stored, acked or not, so a correct
     * client re-sends the unacked ones and they show up as duplicates; requests that arrive after the drop on the same
     * RPC are ignored. This is the loss of a request in flight the real service shows about once in 1,000 requests.
     *
     * <p>Deterministic: the draws come from one {@code new SplittableRandom(seed)}, one {@code nextDouble()} per request
     * over all streams in arrival order, and request {@code k} (counted from this call) is dropped when its draw is below
     * {@code probability}. So one client on one stream sees the same drops for the same seed on every run. Probability 0
     * turns dropping off. Each call starts a new schedule and zeroes {@link #droppedRequests()}.
     */
    public FaultInjector dropRequests(double probability, long seed) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability must be within 0..1: " + probability);
        }
        drops.start(probability, seed);
        return this;
    }

    /**
     * How many requests {@link #dropRequests} dropped since it was last called. {@link #reset()} stops dropping but keeps
     * this count, so a test can read it after clearing the faults.
     */
    public long droppedRequests() {
        return drops.dropped();
    }

    /**
     * Sends {@code close_stream_signal} with duration {@code closeAfter} to every open stream now; the server then ends
     * each of them cleanly (status OK) after that duration, as the real service does every ~15 minutes.
     */
    public FaultInjector sendCloseSignal(Duration closeAfter) {
        requireNonNegative(closeAfter);
        target.sendCloseSignalToOpenStreams(closeAfter, true);
        return this;
    }

    /**
     * Ends every open stream now with status OK after a last cumulative ack, without a close signal first: what a
     * server does when it sheds a call (a deploy, a rebalance). A client should reconnect at once.
     */
    public FaultInjector endOpenStreamsCleanly() {
        target.endOpenStreamsCleanly();
        return this;
    }

    /**
     * Like {@link #sendCloseSignal} but the signal has no {@code duration} field (the proto2 field is optional), to see
     * what a client makes of a signal that does not say when the stream ends; the server still ends each stream cleanly
     * after {@code closeAfter}.
     */
    public FaultInjector sendCloseSignalWithoutDuration(Duration closeAfter) {
        requireNonNegative(closeAfter);
        target.sendCloseSignalToOpenStreams(closeAfter, false);
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

    /**
     * Streams are created and records stored, but no stream gets an ack (not even a final one on a half-close or at the
     * end after a close signal; the stream still ends with OK) until {@link #clearAckLimit()} or {@link #reset()}. The
     * same as {@code ackOnlyUpTo(-1)}: a server that accepts everything and never confirms it, so a client must keep
     * every record it sent and re-send it after a reconnect, or time out on the lack of acks.
     */
    public FaultInjector acceptButNeverAck() {
        return ackOnlyUpTo(-1);
    }

    /** Lifts {@link #ackOnlyUpTo(long)} and {@link #acceptButNeverAck()}; held-back acks are sent at once. */
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

    /**
     * The token endpoint waits {@code delay} before it answers each token request (success or error), like a slow
     * identity provider; {@link Duration#ZERO} answers at once. The wait is a scheduled reply, not a blocked thread, so
     * concurrent token requests are each delayed by {@code delay} (not queued behind each other) and gRPC is not
     * affected.
     */
    public FaultInjector delayTokenResponses(Duration delay) {
        requireNonNegative(delay);
        tokenResponseDelay = delay;
        return this;
    }

    /**
     * A server that stops answering HTTP/2 PINGs: every client connection open now stops being read and nothing more is
     * sent on it (no acks, no close signals, no status, no GOAWAY; held back, not lost), while TCP stays up. From the
     * client's side the connection is silently dead and only an HTTP/2 keepalive PING timeout (or a lack-of-ack
     * timeout) can tell. Streams on it stay open on the server. Connections accepted after this call work normally,
     * so a client that gives up on the connection and reconnects recovers. Returns once every connection is frozen.
     * Undone by {@link #unfreezeConnections()} or {@link #reset()}; {@code stop()} resets frozen connections like any.
     */
    public FaultInjector freezeConnections() {
        target.freezeConnections();
        return this;
    }

    /**
     * Lets frozen connections go on: what the server held back is sent and what the client sent meanwhile is read (a
     * client that has given up on the connection by then sees its own close or reset).
     */
    public FaultInjector unfreezeConnections() {
        target.unfreezeConnections();
        return this;
    }

    /**
     * Clears every fault: stops dropping (the drop count is kept), lifts ack limits and stalls (held-back acks are sent
     * at once), ends token delays and unfreezes connections.
     */
    public FaultInjector reset() {
        failingStreamCreations.set(0);
        recordsBeforeBreak.set(-1);
        acksStalled = false;
        ackLimit = NO_LIMIT;
        failingTokenRequests.set(0);
        tokenResponseDelay = Duration.ZERO;
        drops.stop();
        target.unfreezeConnections();
        target.flushAcks();
        return this;
    }

    // ---- queried by the server ----

    /** The code to fail this stream creation with, or {@code null} to let it pass. */
    Status.Code takeStreamCreationFailure() {
        return takeOne(failingStreamCreations) ? streamCreationFailureCode : null;
    }

    /** One draw of {@link #dropRequests}: true if the request arriving now is to be dropped. */
    boolean dropThisRequest() {
        return drops.drawDrop();
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

    Duration tokenResponseDelay() {
        return tokenResponseDelay;
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
