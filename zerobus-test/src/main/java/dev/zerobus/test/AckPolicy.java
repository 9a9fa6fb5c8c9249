package dev.zerobus.test;

import java.time.Duration;
import java.util.Objects;

/**
 * When the test server acknowledges durable records.
 *
 * <p>{@link #immediate()} acknowledges every request as soon as it is stored (coalescing only while the client is not
 * reading, because acks are cumulative). {@link #every(Duration)} sends one cumulative ack per stream per period, which
 * is how the real service behaves (about every 200 ms).
 */
public final class AckPolicy {

    private static final AckPolicy IMMEDIATE = new AckPolicy(Duration.ZERO);

    private final Duration interval;

    private AckPolicy(Duration interval) {
        this.interval = interval;
    }

    /** Acknowledge each request right after it is stored. */
    public static AckPolicy immediate() {
        return IMMEDIATE;
    }

    /** Acknowledge on a timer: one cumulative ack per stream every {@code interval}. */
    public static AckPolicy every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("ack interval must be positive: " + interval);
        }
        return new AckPolicy(interval);
    }

    /** True when every request is acknowledged at once. */
    public boolean isImmediate() {
        return interval.isZero();
    }

    /** The timer period; {@link Duration#ZERO} for {@link #immediate()}. */
    public Duration interval() {
        return interval;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AckPolicy that && interval.equals(that.interval);
    }

    @Override
    public int hashCode() {
        return interval.hashCode();
    }

    @Override
    public String toString() {
        return isImmediate() ? "AckPolicy.immediate()" : "AckPolicy.every(" + interval + ")";
    }
}
