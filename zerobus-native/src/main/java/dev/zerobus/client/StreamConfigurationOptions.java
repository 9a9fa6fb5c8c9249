package dev.zerobus.client;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a stream buffers, recovers and waits. Immutable; build one with {@link #builder()} or start from
 * {@link #defaults()} and change a few values with {@link #toBuilder()}.
 *
 * <h2>In-flight limits</h2>
 *
 * Two kinds of bound apply, as in the official Java SDK ({@code maxInflightRecords}) and Kafka's producer
 * ({@code buffer.memory} and {@code max.in.flight.requests.per.connection}):
 *
 * <ul>
 *   <li>What the stream <em>holds</em>: {@link #maxInflightRecords()} records and {@link #maxInflightBytes()} payload
 *       bytes, counted from the ingest call until the server acknowledges them (queued, lingering or on the wire).
 *       Reaching either blocks ingest calls (backpressure, at most {@link #maxBlock()}); memory stays bounded by them.
 *   <li>What is <em>on the wire</em>: {@link #maxInflightRequests()} requests sent and not acknowledged. Reaching it
 *       does not block ingest: records wait in the stream, and single records among them are coalesced into one
 *       request each (at most {@link #maxRequestRecords()} records and {@link #maxRequestBytes()} bytes) as soon as
 *       the wire has room again.
 * </ul>
 *
 * The real service acknowledges about every 200 ms, so one stream carries at most what it may hold per 0.2 s. The
 * defaults keep that cap above what the service itself allows per stream (about 100 MB/s and 15,000–100,000
 * records/s), so the service, not the client buffer, is what a user meets first:
 *
 * <ul>
 *   <li>{@value #DEFAULT_MAX_INFLIGHT_RECORDS} records: 5,000,000 records/s, and single records no longer pay for a
 *       request each, so {@value #DEFAULT_MAX_INFLIGHT_REQUESTS} requests on the wire (250,000 requests/s) are not the
 *       cap either;
 *   <li>{@value #DEFAULT_MAX_INFLIGHT_BYTES} bytes (64 MiB): 64 MiB / 0.2 s ≈ 335 MB/s, over 3× the per-stream byte
 *       rate, while capping the memory one stream holds at 64 MiB (plus one request of at most 10 MiB).
 * </ul>
 *
 * <h2>Coalescing single records</h2>
 *
 * Every {@code ingestRecord} call keeps its own logical offset and future, acknowledged when the request carrying it
 * is. With {@link #linger()} zero (the default) a record is handed to the native core at once and is coalesced only
 * with records that wait anyway because the wire is full or the stream is reconnecting: no record waits for another.
 * With a positive linger, single records also wait in the stream (in Java, before the native call) for up to that long,
 * or until {@link #maxRequestRecords()} or {@link #maxRequestBytes()} are reached, and go to the native core and on the
 * wire as one request: one native call for many records, which makes a single record cost about what it costs inside
 * a batch. The linger adds at most its own duration to each record's ack latency. {@link ZerobusStream#flush()},
 * {@code waitForOffset}, {@link RecordAck#await()} and {@code close} hand lingering records over at once. A malformed
 * JSON record is refused by its own ingest call either way. User batches are never merged or split.
 *
 * <h2>Recovery</h2>
 *
 * Defaults follow the official SDKs: recovery on, {@value #DEFAULT_RECOVERY_RETRIES} further attempts, each bounded by
 * 15 s, spaced by about 2 s; a stream that sees no ack progress for 60 s while requests are in flight is treated as
 * broken; {@code flush} and {@code close} wait up to 300 s. The close-signal pause follows the server's duration unless
 * {@link Builder#closeSignalMaxPause(Duration)} caps it. The retry budget counts consecutive attempts that made no
 * acknowledgement progress, and only progress earns it back: a server that accepts calls but never acknowledges makes
 * the stream fail after about {@code (recoveryRetries + 1) × serverLackOfAckTimeout}, while occasional drops after
 * progress are recovered within tens of milliseconds, forever.
 *
 * <h2>Blocking and liveness</h2>
 *
 * An ingest call that finds the in-flight window full waits at most {@link #maxBlock()} (default 60 s, like Kafka's
 * {@code max.block.ms}) and then fails with a retryable {@code TIMEOUT}; the record was not taken. An HTTP/2 PING is
 * sent when nothing was read from the server for {@link #keepAliveInterval()} (default 10 s); no answer within
 * {@link #keepAliveTimeout()} (default 10 s) counts as a dead connection and starts a recovery, so a silently dropped
 * connection is found in seconds rather than at the lack-of-ack timeout. Servers that limit PING rates must allow one
 * per interval (grpc-java: {@code permitKeepAliveTime}).
 */
public final class StreamConfigurationOptions {

    /** Default of {@link #maxInflightRequests()}; see the class comment for the reasoning. */
    public static final int DEFAULT_MAX_INFLIGHT_REQUESTS = 50_000;

    /** Default of {@link #maxInflightRecords()}; see the class comment for the reasoning. */
    public static final int DEFAULT_MAX_INFLIGHT_RECORDS = 1_000_000;

    /** Default of {@link #maxRequestRecords()}. */
    public static final int DEFAULT_MAX_REQUEST_RECORDS = 10_000;

    /** Default of {@link #maxRequestBytes()} (1 MiB): large enough to amortize a request, small next to the limit. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;

    /** The service's limit on one request, in payload bytes (10 MiB); {@link #maxRequestBytes()} may not exceed it. */
    public static final int MAX_REQUEST_BYTES_LIMIT = 10 * 1024 * 1024;

    /** Default of {@link #linger()}: records never wait for others (see the class comment). */
    public static final Duration DEFAULT_LINGER = Duration.ZERO;

    /** Default of {@link #maxInflightBytes()} (64 MiB); see the class comment for the reasoning. */
    public static final long DEFAULT_MAX_INFLIGHT_BYTES = 64L * 1024 * 1024;

    /** Default of {@link #recoveryRetries()}. */
    public static final int DEFAULT_RECOVERY_RETRIES = 4;

    public static final Duration DEFAULT_RECOVERY_TIMEOUT = Duration.ofSeconds(15);

    public static final Duration DEFAULT_RECOVERY_BACKOFF = Duration.ofSeconds(2);

    public static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(300);

    public static final Duration DEFAULT_SERVER_LACK_OF_ACK_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(60);

    public static final Duration DEFAULT_KEEP_ALIVE_INTERVAL = Duration.ofSeconds(10);

    public static final Duration DEFAULT_KEEP_ALIVE_TIMEOUT = Duration.ofSeconds(10);

    private static final StreamConfigurationOptions DEFAULTS = builder().build();

    private final int maxInflightRequests;

    private final int maxInflightRecords;

    private final long maxInflightBytes;

    private final int maxRequestRecords;

    private final int maxRequestBytes;

    private final Duration linger;

    private final boolean recovery;

    private final Duration recoveryTimeout;

    private final Duration recoveryBackoff;

    private final int recoveryRetries;

    private final Duration flushTimeout;

    private final Duration serverLackOfAckTimeout;

    private final Duration closeSignalMaxPause;

    private final Duration maxBlock;

    private final Duration keepAliveInterval;

    private final Duration keepAliveTimeout;

    private StreamConfigurationOptions(Builder builder) {
        this.maxInflightRequests = builder.maxInflightRequests;
        this.maxInflightRecords = builder.maxInflightRecords;
        this.maxInflightBytes = builder.maxInflightBytes;
        this.maxRequestRecords = builder.maxRequestRecords;
        this.maxRequestBytes = builder.maxRequestBytes;
        this.linger = builder.linger;
        this.recovery = builder.recovery;
        this.recoveryTimeout = builder.recoveryTimeout;
        this.recoveryBackoff = builder.recoveryBackoff;
        this.recoveryRetries = builder.recoveryRetries;
        this.flushTimeout = builder.flushTimeout;
        this.serverLackOfAckTimeout = builder.serverLackOfAckTimeout;
        this.closeSignalMaxPause = builder.closeSignalMaxPause;
        this.maxBlock = builder.maxBlock;
        this.keepAliveInterval = builder.keepAliveInterval;
        this.keepAliveTimeout = builder.keepAliveTimeout;
    }

    /** The defaults described in the class comment. */
    public static StreamConfigurationOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Requests sent and not yet acknowledged (a batch or a group of coalesced records is one request). Reaching it does
     * not block ingest: further records wait in the stream, and single records among them are coalesced.
     */
    public int maxInflightRequests() {
        return this.maxInflightRequests;
    }

    /** Records the stream may hold (ingested and not yet acknowledged) before ingest blocks. */
    public int maxInflightRecords() {
        return this.maxInflightRecords;
    }

    /** Payload bytes the stream may hold (ingested and not yet acknowledged) before ingest blocks. */
    public long maxInflightBytes() {
        return this.maxInflightBytes;
    }

    /** Most single records coalesced into one request. */
    public int maxRequestRecords() {
        return this.maxRequestRecords;
    }

    /** Most payload bytes of single records coalesced into one request (at most 10 MiB). */
    public int maxRequestBytes() {
        return this.maxRequestBytes;
    }

    /**
     * How long a single record may wait in the stream for others to share its request; zero (the default) hands every
     * record to the native core at once. See the class comment.
     */
    public Duration linger() {
        return this.linger;
    }

    /** Whether a broken stream reconnects and re-sends its unacknowledged requests. */
    public boolean recovery() {
        return this.recovery;
    }

    /** Bound of one reconnect attempt (connect, authenticate, create the stream). */
    public Duration recoveryTimeout() {
        return this.recoveryTimeout;
    }

    /** Base pause between reconnect attempts. */
    public Duration recoveryBackoff() {
        return this.recoveryBackoff;
    }

    /** Reconnect attempts after the first failure before the stream fails for good. */
    public int recoveryRetries() {
        return this.recoveryRetries;
    }

    /** Bound of {@link ZerobusStream#flush()}, {@link ZerobusStream#close()} and the default waits. */
    public Duration flushTimeout() {
        return this.flushTimeout;
    }

    /** How long requests may stay in flight without any ack progress before the stream counts as broken. */
    public Duration serverLackOfAckTimeout() {
        return this.serverLackOfAckTimeout;
    }

    /** The longest pause after a close signal before reconnecting; empty to follow the server's duration. */
    public Optional<Duration> closeSignalMaxPause() {
        return Optional.ofNullable(this.closeSignalMaxPause);
    }

    /** How long an ingest call may wait for room in a full in-flight window before it fails with TIMEOUT. */
    public Duration maxBlock() {
        return this.maxBlock;
    }

    /** After this long without any frame from the server, an HTTP/2 PING checks the connection. */
    public Duration keepAliveInterval() {
        return this.keepAliveInterval;
    }

    /** How long that PING may go unanswered before the connection counts as dead. */
    public Duration keepAliveTimeout() {
        return this.keepAliveTimeout;
    }

    /**
     * The options in the layout of {@code NativeBridge.streamCreate}; {@link #maxBlock()} and {@link #linger()} are
     * applied in Java.
     */
    long[] toLongArray() {
        long[] values = new long[NativeBridge.OPTIONS_LENGTH];
        values[NativeBridge.OPT_MAX_INFLIGHT_REQUESTS] = this.maxInflightRequests;
        values[NativeBridge.OPT_MAX_INFLIGHT_BYTES] = this.maxInflightBytes;
        values[NativeBridge.OPT_RECOVERY] = this.recovery ? 1 : 0;
        values[NativeBridge.OPT_RECOVERY_TIMEOUT_MS] = millis(this.recoveryTimeout);
        values[NativeBridge.OPT_RECOVERY_BACKOFF_MS] = millis(this.recoveryBackoff);
        values[NativeBridge.OPT_RECOVERY_RETRIES] = this.recoveryRetries;
        values[NativeBridge.OPT_FLUSH_TIMEOUT_MS] = millis(this.flushTimeout);
        values[NativeBridge.OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS] = millis(this.serverLackOfAckTimeout);
        values[NativeBridge.OPT_CLOSE_SIGNAL_MAX_PAUSE_MS] =
                (this.closeSignalMaxPause != null) ? millis(this.closeSignalMaxPause) : -1;
        values[NativeBridge.OPT_KEEPALIVE_INTERVAL_MS] = millis(this.keepAliveInterval);
        values[NativeBridge.OPT_KEEPALIVE_TIMEOUT_MS] = millis(this.keepAliveTimeout);
        values[NativeBridge.OPT_MAX_INFLIGHT_RECORDS] = this.maxInflightRecords;
        values[NativeBridge.OPT_MAX_REQUEST_RECORDS] = this.maxRequestRecords;
        values[NativeBridge.OPT_MAX_REQUEST_BYTES] = this.maxRequestBytes;
        return values;
    }

    /** Whole milliseconds, rounding a positive sub-millisecond remainder up and saturating huge values. */
    static long millis(Duration duration) {
        if (duration.compareTo(Duration.ofMillis(Long.MAX_VALUE)) >= 0) {
            return Long.MAX_VALUE;
        }
        long millis = duration.toMillis();
        return (duration.minusMillis(millis).isZero()) ? millis : millis + 1;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof StreamConfigurationOptions that)) {
            return false;
        }
        return this.maxInflightRequests == that.maxInflightRequests
                && this.maxInflightRecords == that.maxInflightRecords
                && this.maxInflightBytes == that.maxInflightBytes
                && this.maxRequestRecords == that.maxRequestRecords
                && this.maxRequestBytes == that.maxRequestBytes
                && this.linger.equals(that.linger)
                && this.recovery == that.recovery
                && this.recoveryRetries == that.recoveryRetries
                && this.recoveryTimeout.equals(that.recoveryTimeout)
                && this.recoveryBackoff.equals(that.recoveryBackoff)
                && this.flushTimeout.equals(that.flushTimeout)
                && this.serverLackOfAckTimeout.equals(that.serverLackOfAckTimeout)
                && Objects.equals(this.closeSignalMaxPause, that.closeSignalMaxPause)
                && this.maxBlock.equals(that.maxBlock)
                && this.keepAliveInterval.equals(that.keepAliveInterval)
                && this.keepAliveTimeout.equals(that.keepAliveTimeout);
    }

    @Override
    public int hashCode() {
        return Objects.hash(
                this.maxInflightRequests,
                this.maxInflightRecords,
                this.maxInflightBytes,
                this.maxRequestRecords,
                this.maxRequestBytes,
                this.linger,
                this.recovery,
                this.recoveryTimeout,
                this.recoveryBackoff,
                this.recoveryRetries,
                this.flushTimeout,
                this.serverLackOfAckTimeout,
                this.closeSignalMaxPause,
                this.maxBlock,
                this.keepAliveInterval,
                this.keepAliveTimeout);
    }

    @Override
    public String toString() {
        return "StreamConfigurationOptions[maxInflightRequests=" + this.maxInflightRequests + ", maxInflightRecords="
                + this.maxInflightRecords + ", maxInflightBytes=" + this.maxInflightBytes + ", maxRequestRecords="
                + this.maxRequestRecords + ", maxRequestBytes=" + this.maxRequestBytes + ", linger=" + this.linger
                + ", recovery=" + this.recovery + ", recoveryTimeout=" + this.recoveryTimeout
                + ", recoveryBackoff=" + this.recoveryBackoff + ", recoveryRetries=" + this.recoveryRetries
                + ", flushTimeout=" + this.flushTimeout + ", serverLackOfAckTimeout=" + this.serverLackOfAckTimeout
                + ", closeSignalMaxPause=" + ((this.closeSignalMaxPause != null) ? this.closeSignalMaxPause : "server")
                + ", maxBlock=" + this.maxBlock + ", keepAliveInterval=" + this.keepAliveInterval
                + ", keepAliveTimeout=" + this.keepAliveTimeout + "]";
    }

    /** Builds {@link StreamConfigurationOptions}; every setter validates its value at once. */
    public static final class Builder {

        private int maxInflightRequests = DEFAULT_MAX_INFLIGHT_REQUESTS;

        private int maxInflightRecords = DEFAULT_MAX_INFLIGHT_RECORDS;

        private long maxInflightBytes = DEFAULT_MAX_INFLIGHT_BYTES;

        private int maxRequestRecords = DEFAULT_MAX_REQUEST_RECORDS;

        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;

        private Duration linger = DEFAULT_LINGER;

        private boolean recovery = true;

        private Duration recoveryTimeout = DEFAULT_RECOVERY_TIMEOUT;

        private Duration recoveryBackoff = DEFAULT_RECOVERY_BACKOFF;

        private int recoveryRetries = DEFAULT_RECOVERY_RETRIES;

        private Duration flushTimeout = DEFAULT_FLUSH_TIMEOUT;

        private Duration serverLackOfAckTimeout = DEFAULT_SERVER_LACK_OF_ACK_TIMEOUT;

        private Duration closeSignalMaxPause;

        private Duration maxBlock = DEFAULT_MAX_BLOCK;

        private Duration keepAliveInterval = DEFAULT_KEEP_ALIVE_INTERVAL;

        private Duration keepAliveTimeout = DEFAULT_KEEP_ALIVE_TIMEOUT;

        private Builder() {}

        private Builder(StreamConfigurationOptions options) {
            this.maxInflightRequests = options.maxInflightRequests;
            this.maxInflightRecords = options.maxInflightRecords;
            this.maxInflightBytes = options.maxInflightBytes;
            this.maxRequestRecords = options.maxRequestRecords;
            this.maxRequestBytes = options.maxRequestBytes;
            this.linger = options.linger;
            this.recovery = options.recovery;
            this.recoveryTimeout = options.recoveryTimeout;
            this.recoveryBackoff = options.recoveryBackoff;
            this.recoveryRetries = options.recoveryRetries;
            this.flushTimeout = options.flushTimeout;
            this.serverLackOfAckTimeout = options.serverLackOfAckTimeout;
            this.closeSignalMaxPause = options.closeSignalMaxPause;
            this.maxBlock = options.maxBlock;
            this.keepAliveInterval = options.keepAliveInterval;
            this.keepAliveTimeout = options.keepAliveTimeout;
        }

        /** At least 1. */
        public Builder maxInflightRequests(int maxInflightRequests) {
            if (maxInflightRequests < 1) {
                throw new IllegalArgumentException(
                        "maxInflightRequests must be at least 1, was " + maxInflightRequests);
            }
            this.maxInflightRequests = maxInflightRequests;
            return this;
        }

        /** At least 1. */
        public Builder maxInflightRecords(int maxInflightRecords) {
            this.maxInflightRecords = atLeastOne("maxInflightRecords", maxInflightRecords);
            return this;
        }

        /** At least 1. */
        public Builder maxRequestRecords(int maxRequestRecords) {
            this.maxRequestRecords = atLeastOne("maxRequestRecords", maxRequestRecords);
            return this;
        }

        /** At least 1, at most {@value #MAX_REQUEST_BYTES_LIMIT} (the service's limit on one request). */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
                throw new IllegalArgumentException("maxRequestBytes must be at most " + MAX_REQUEST_BYTES_LIMIT
                        + " (the service's limit on one request), was " + maxRequestBytes);
            }
            this.maxRequestBytes = atLeastOne("maxRequestBytes", maxRequestBytes);
            return this;
        }

        /** Zero (the default: records never wait for others) or positive. */
        public Builder linger(Duration linger) {
            this.linger = notNegative("linger", linger);
            return this;
        }

        /** At least 1. A single request larger than the limit is still sent when nothing else is in flight. */
        public Builder maxInflightBytes(long maxInflightBytes) {
            if (maxInflightBytes < 1) {
                throw new IllegalArgumentException("maxInflightBytes must be at least 1, was " + maxInflightBytes);
            }
            this.maxInflightBytes = maxInflightBytes;
            return this;
        }

        public Builder recovery(boolean recovery) {
            this.recovery = recovery;
            return this;
        }

        /** Positive. */
        public Builder recoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = positive("recoveryTimeout", recoveryTimeout);
            return this;
        }

        /** Zero or positive. */
        public Builder recoveryBackoff(Duration recoveryBackoff) {
            this.recoveryBackoff = notNegative("recoveryBackoff", recoveryBackoff);
            return this;
        }

        /** Zero or more. */
        public Builder recoveryRetries(int recoveryRetries) {
            if (recoveryRetries < 0) {
                throw new IllegalArgumentException("recoveryRetries must not be negative, was " + recoveryRetries);
            }
            this.recoveryRetries = recoveryRetries;
            return this;
        }

        /** Positive. */
        public Builder flushTimeout(Duration flushTimeout) {
            this.flushTimeout = positive("flushTimeout", flushTimeout);
            return this;
        }

        /** Positive. */
        public Builder serverLackOfAckTimeout(Duration serverLackOfAckTimeout) {
            this.serverLackOfAckTimeout = positive("serverLackOfAckTimeout", serverLackOfAckTimeout);
            return this;
        }

        /** Zero or positive; {@code null} to follow the server's duration (the default). */
        public Builder closeSignalMaxPause(Duration closeSignalMaxPause) {
            this.closeSignalMaxPause =
                    (closeSignalMaxPause != null) ? notNegative("closeSignalMaxPause", closeSignalMaxPause) : null;
            return this;
        }

        /** Zero (never wait: fail at once when the window is full) or positive. */
        public Builder maxBlock(Duration maxBlock) {
            this.maxBlock = notNegative("maxBlock", maxBlock);
            return this;
        }

        /** Positive. */
        public Builder keepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = positive("keepAliveInterval", keepAliveInterval);
            return this;
        }

        /** Positive. */
        public Builder keepAliveTimeout(Duration keepAliveTimeout) {
            this.keepAliveTimeout = positive("keepAliveTimeout", keepAliveTimeout);
            return this;
        }

        public StreamConfigurationOptions build() {
            return new StreamConfigurationOptions(this);
        }

        private static int atLeastOne(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + value);
            }
            return value;
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + value);
            }
            return value;
        }

        private static Duration notNegative(String name, Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be zero or a positive duration, was " + value);
            }
            return value;
        }
    }
}
