package dev.zerobus.benchmarks;

/**
 * How the benchmark server acknowledges: at once ({@code everyMillis == 0}), or coalesced on a timer, as the real
 * service does (its ack P50 is about 200 ms).
 *
 * @param everyMillis 0 for immediate acks, else the ack period
 */
public record AckMode(int everyMillis) {

    public static final AckMode IMMEDIATE = new AckMode(0);

    public AckMode {
        if (everyMillis < 0) {
            throw new IllegalArgumentException("everyMillis must be >= 0, was " + everyMillis);
        }
    }

    public String label() {
        return everyMillis == 0 ? "immediate" : "every " + everyMillis + " ms";
    }

    /** The label without spaces, for result lines. */
    public String id() {
        return everyMillis == 0 ? "immediate" : "every-" + everyMillis + "ms";
    }
}
