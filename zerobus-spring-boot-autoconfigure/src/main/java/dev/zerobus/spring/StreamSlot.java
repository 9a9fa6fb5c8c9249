package dev.zerobus.spring;

import dev.zerobus.client.RecordAck;
import dev.zerobus.client.StreamState;
import dev.zerobus.client.StreamStats;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.UnackedBatch;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * One stream position of a table: the stream open now, or the one being opened, and the requests of a failed stream
 * waiting to be re-sent on its replacement. Opening, replacing and re-opening after a failed attempt all happen in the
 * background (the pool's executor); senders only ever wait, bounded, for the outcome.
 */
final class StreamSlot {

    private static final Log logger = LogFactory.getLog(ZerobusStreamPool.class);

    private static final long INITIAL_BACKOFF_MILLIS = 500;

    private static final long MAX_BACKOFF_MILLIS = 30_000;

    /** How the server names the refused request: {@code offset 7: ...} (see the zerobus-test README). */
    private static final Pattern REFUSED_OFFSET = Pattern.compile("offset (\\d+)");

    private static final int GRPC_INVALID_ARGUMENT = 3;

    /** A request of a failed stream and the future the application holds for it ({@code null} if it has none). */
    record Carried(UnackedBatch batch, PendingSend pending) {}

    private final TableStreams table;

    private final ZerobusStreamPool pool;

    /** The open stream; volatile so that {@link #await} can hand it out without the lock. */
    private volatile PooledStream current;

    private PooledStream failing;

    private CompletableFuture<ZerobusStream> opening;

    private final List<Carried> carried = new ArrayList<>();

    private volatile ZerobusException lastError;

    private long nextAttemptNanos;

    private long backoffMillis = INITIAL_BACKOFF_MILLIS;

    private long unavailableSinceNanos = -1;

    /** Completed and renewed whenever the slot changes, to wake senders waiting for a stream. */
    private CompletableFuture<Void> changed = new CompletableFuture<>();

    StreamSlot(TableStreams table, ZerobusStreamPool pool) {
        this.table = table;
        this.pool = pool;
    }

    /**
     * The open stream of this slot, opening it when there is none; {@code null} when none opened before the deadline.
     *
     * @throws ZerobusException the last opening error while the next attempt is scheduled
     */
    PooledStream await(long deadlineNanos) {
        // The send path: no lock and no native state call. A stream that ended since fails the call, the template
        // marks it (PooledStream#markEnded) and asks again, and then the locked path below retires it.
        PooledStream open = this.current;
        if (open != null && !open.knownEnded()) {
            return open;
        }
        while (true) {
            CompletableFuture<Void> signal;
            synchronized (this) {
                PooledStream stream = this.current;
                if (stream != null && !stream.isDone()) {
                    return stream;
                }
                if (stream != null) {
                    retireLocked(stream);
                } else if (this.opening == null && this.failing == null) {
                    if (this.lastError != null) {
                        throw this.lastError;
                    }
                    openLocked();
                }
                signal = this.changed;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            try {
                signal.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException ex) {
                return null;
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new ZerobusException(
                        "interrupted while waiting for the stream of table " + this.table.name,
                        ZerobusException.Kind.INTERRUPTED,
                        true);
            } catch (java.util.concurrent.ExecutionException ex) {
                // never completed exceptionally
            }
        }
    }

    /** Called by the stream's futures when it failed for good: replace it at once, in the background. */
    void failed(PooledStream stream) {
        synchronized (this) {
            if (this.current != stream) {
                return;
            }
            retireLocked(stream);
        }
    }

    /** Takes a done stream out of service; a failed one is replaced in the background. */
    private void retireLocked(PooledStream stream) {
        this.current = null;
        markUnavailableLocked();
        if (stream.stream.state() == StreamState.FAILED) {
            this.failing = stream;
            execute(() -> replace(stream));
        } else {
            this.table.retired(stream.stream.stats());
        }
        signalLocked();
    }

    private void replace(PooledStream stream) {
        synchronized (this) {
            if (this.failing != stream) {
                return; // taken by the shutdown
            }
            this.failing = null;
        }
        ZerobusException cause = failureOf(stream);
        List<UnackedBatch> unacked = stream.stream.unackedBatches();
        long refused = refusedOffset(cause, stream, unacked);
        List<Carried> carry = new ArrayList<>(unacked.size());
        long records = 0;
        int refusedRecords = 0;
        for (UnackedBatch batch : unacked) {
            PendingSend pending = stream.take(batch.offset());
            if (batch.offset() == refused) {
                refusedRecords += batch.size();
                if (pending != null) {
                    pending.fail(cause);
                }
            } else {
                carry.add(new Carried(batch, pending));
                records += batch.size();
            }
        }
        // Neither acknowledged nor kept by the client: nothing to re-send, so they fail with the stream's error.
        stream.takeAll().forEach(pending -> pending.fail(cause));
        this.table.retired(stream.stream.stats());
        this.table.replacements.incrementAndGet();
        closeQuietly(stream.stream);
        logger.warn("Zerobus stream of table " + this.table.name + " failed: " + cause.getMessage()
                + "; replacing it, " + carry.size() + " unacknowledged requests (" + records
                + " records) will be re-sent on the new stream"
                + ((refusedRecords > 0)
                        ? "; the request the service refused (" + refusedRecords + " records) failed alone"
                        : ""));
        synchronized (this) {
            this.carried.addAll(carry);
            this.table.lastFailure = cause.getMessage();
            if (this.pool.isShutDown()) {
                return; // the shutdown hands the carried requests over
            }
            if (this.opening == null && this.current == null) {
                openLocked();
            }
        }
    }

    private void openLocked() {
        markUnavailableLocked();
        CompletableFuture<ZerobusStream> attempt;
        try {
            attempt = this.pool.streamFactory().openStream(tableProperties());
        } catch (RuntimeException ex) {
            attempt = CompletableFuture.failedFuture(ex);
        }
        this.opening = attempt;
        CompletableFuture<ZerobusStream> started = attempt;
        attempt.whenComplete((stream, error) -> {
            if (!execute(() -> opened(started, stream, error)) && stream != null) {
                closeQuietly(stream);
            }
        });
    }

    private TableProperties tableProperties() {
        return (this.table.descriptor == null)
                ? TableProperties.json(this.table.name)
                : TableProperties.proto(this.table.name, this.table.descriptor);
    }

    private void opened(CompletableFuture<ZerobusStream> attempt, ZerobusStream stream, Throwable error) {
        if (error != null) {
            ZerobusException cause = PooledStream.asZerobus(error);
            boolean first;
            synchronized (this) {
                this.opening = null;
                first = this.lastError == null;
                this.lastError = cause;
                this.table.lastFailure = cause.getMessage();
                this.nextAttemptNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(this.backoffMillis);
                this.backoffMillis = Math.min(this.backoffMillis * 2, MAX_BACKOFF_MILLIS);
                signalLocked();
            }
            if (first) {
                logger.warn("Cannot open a Zerobus stream to table " + this.table.name + ": " + cause.getMessage()
                        + "; retrying in the background");
            } else if (logger.isDebugEnabled()) {
                logger.debug("Still cannot open a Zerobus stream to table " + this.table.name + ": " + cause);
            }
            return;
        }
        if (this.pool.isShutDown()) {
            closeQuietly(stream);
            return;
        }
        PooledStream pooled =
                new PooledStream(stream, this.table.descriptor, this::failed, this.pool::failuresAreFinal);
        int[] resent = resend(pooled);
        boolean recovered;
        synchronized (this) {
            this.opening = null;
            recovered = this.lastError != null;
            this.lastError = null;
            this.backoffMillis = INITIAL_BACKOFF_MILLIS;
            this.unavailableSinceNanos = -1;
            this.current = pooled;
            this.table.lastFailure = null;
            signalLocked();
        }
        if (resent[0] > 0 || recovered) {
            logger.info("Zerobus stream of table " + this.table.name + " is open" + (recovered ? " again" : "")
                    + ((resent[0] > 0)
                            ? "; re-sent " + resent[0] + " unacknowledged requests (" + resent[1]
                                    + " records) of the failed stream"
                            : ""));
        }
    }

    /** Re-sends the carried requests on a new stream, in order, before it takes new records. */
    private int[] resend(PooledStream pooled) {
        List<Carried> toSend;
        synchronized (this) {
            toSend = new ArrayList<>(this.carried);
            this.carried.clear();
        }
        int requests = 0;
        int records = 0;
        for (int i = 0; i < toSend.size(); i++) {
            Carried next = toSend.get(i);
            try {
                RecordAck ack = next.batch().ingestInto(pooled.stream);
                PendingSend pending = (next.pending() != null)
                        ? next.pending()
                        : new PendingSend(this.table.name, next.batch().size(), PendingSend.Settlement.IGNORED);
                pooled.track(ack, pending);
                requests++;
                records += next.batch().size();
            } catch (ZerobusException ex) {
                synchronized (this) {
                    this.carried.addAll(0, toSend.subList(i, toSend.size()));
                }
                break; // the monitor re-sends the rest once the stream has room, or replaces it
            }
        }
        return new int[] {requests, records};
    }

    /** The monitor's periodic look: replace failed streams, retry failed openings, resend, close idle streams. */
    void tick(long now, Duration idleTimeout) {
        boolean resendNow = false;
        synchronized (this) {
            PooledStream stream = this.current;
            if (stream != null && stream.isDone()) {
                retireLocked(stream);
            } else if (stream == null && this.opening == null && this.failing == null) {
                boolean wanted = this.lastError != null || !this.carried.isEmpty() || this.table.eager;
                if (wanted && now - this.nextAttemptNanos >= 0) {
                    openLocked();
                }
            } else if (stream != null && !this.carried.isEmpty()) {
                resendNow = true;
            } else if (stream != null && idleTimeout != null && !this.table.eager && stream.pendingCount() == 0) {
                StreamStats stats = stream.stream.stats();
                if (stats.inflightRequests() == 0 && now - stream.lastUsedNanos > idleTimeout.toNanos()) {
                    this.current = null;
                    this.table.retired(stats);
                    execute(() -> closeQuietly(stream.stream));
                    logger.debug("Closed the idle Zerobus stream of table " + this.table.name);
                }
            }
        }
        if (resendNow) {
            execute(() -> resend(this.current));
        }
    }

    /** For the shutdown: the stream open now, and nothing is opened or replaced after this. */
    synchronized PooledStream currentForShutdown() {
        return this.current;
    }

    /** For the shutdown: a failed stream not replaced yet, taken so that it never is. */
    synchronized PooledStream takeFailing() {
        PooledStream stream = this.failing;
        this.failing = null;
        return stream;
    }

    /** For the shutdown: the requests waiting for a replacement. */
    synchronized List<Carried> takeCarried() {
        List<Carried> taken = new ArrayList<>(this.carried);
        this.carried.clear();
        return taken;
    }

    synchronized CompletableFuture<ZerobusStream> opening() {
        return this.opening;
    }

    synchronized String state() {
        if (this.current != null) {
            return this.current.stream.state().name();
        }
        return (this.opening != null || this.failing != null || this.lastError == null) ? "OPENING" : "UNAVAILABLE";
    }

    synchronized PooledStream current() {
        return this.current;
    }

    synchronized int waitingRequests() {
        return this.carried.size();
    }

    ZerobusException lastError() {
        return this.lastError;
    }

    synchronized long millisUnavailable() {
        return (this.unavailableSinceNanos < 0)
                ? -1
                : TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - this.unavailableSinceNanos);
    }

    private void markUnavailableLocked() {
        if (this.unavailableSinceNanos < 0) {
            this.unavailableSinceNanos = System.nanoTime();
        }
    }

    private void signalLocked() {
        CompletableFuture<Void> signal = this.changed;
        this.changed = new CompletableFuture<>();
        signal.complete(null);
    }

    private boolean execute(Runnable task) {
        try {
            this.pool.executor().execute(task);
            return true;
        } catch (RejectedExecutionException ex) {
            return false; // shutting down: the shutdown settles what is left
        }
    }

    private ZerobusException failureOf(PooledStream stream) {
        if (stream.failure() != null) {
            return stream.failure();
        }
        try {
            stream.stream.flush(); // an ended stream reports its failure without waiting
        } catch (ZerobusException ex) {
            return ex;
        }
        return new ZerobusException(
                "the stream of table " + this.table.name + " failed", ZerobusException.Kind.STREAM_FAILED, true);
    }

    /**
     * The logical offset of the request the service refused as invalid, -1 when the failure is not such a refusal. The
     * service names the request by its offset on the RPC; offsets on a stream that never reconnected are the logical
     * ones. After a reconnect the mapping is unknown, so the first unacknowledged request is taken: the service
     * processes requests in order and refuses the first invalid one.
     */
    static long refusedOffset(ZerobusException cause, PooledStream stream, List<UnackedBatch> unacked) {
        ZerobusException refusal = null;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof ZerobusException zerobus && zerobus.grpcStatus().orElse(-1) == GRPC_INVALID_ARGUMENT) {
                refusal = zerobus;
                break;
            }
        }
        if (refusal == null || unacked.isEmpty()) {
            return -1;
        }
        Matcher matcher = REFUSED_OFFSET.matcher(String.valueOf(refusal.getMessage()));
        if (matcher.find() && stream.stream.stats().recoveries() == 0) {
            long offset = Long.parseLong(matcher.group(1));
            for (UnackedBatch batch : unacked) {
                if (batch.offset() == offset) {
                    return offset;
                }
            }
        }
        return unacked.get(0).offset();
    }

    static void closeQuietly(ZerobusStream stream) {
        try {
            stream.close(Duration.ZERO);
        } catch (RuntimeException ex) {
            // failed or with records kept: what matters was taken before
        }
    }
}
