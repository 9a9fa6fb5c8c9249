package dev.zerobus.benchmarks;

import java.util.Locale;

/**
 * One measured configuration: a client variant, the record size, how many streams and producer threads, the server's
 * ack mode, and either saturation ({@code pacedRate == 0}: push as fast as the client takes records) or a fixed
 * offered load in records per second, for ack latency.
 *
 * @param variant the client and request shape
 * @param recordBytes size of each record's JSON form
 * @param streams streams opened by the client process
 * @param threads producer threads (thread {@code i} sends on stream {@code i % streams})
 * @param ackMode the server's ack mode
 * @param pacedRate offered records per second, 0 for as fast as possible
 */
public record Scenario(Variant variant, int recordBytes, int streams, int threads, AckMode ackMode, int pacedRate) {

    public Scenario {
        if (streams < 1 || threads < streams) {
            throw new IllegalArgumentException("need 1 <= streams <= threads, got " + streams + " and " + threads);
        }
        if (pacedRate < 0 || (pacedRate > 0 && threads != 1)) {
            throw new IllegalArgumentException("a paced run has one producer thread and a rate >= 0");
        }
    }

    public boolean isPaced() {
        return pacedRate > 0;
    }

    /** For logs: {@code ours/single 200 B 1 stream x 1 thread, acks immediate}. */
    public String label() {
        return String.format(
                Locale.ROOT,
                "%s %s, %d stream(s) x %d thread(s), acks %s%s",
                variant.id(),
                sizeLabel(),
                streams,
                threads,
                ackMode.label(),
                isPaced() ? String.format(Locale.ROOT, ", paced %,d records/s", pacedRate) : "");
    }

    /** {@code 200 B}, {@code 1 KiB}, {@code 10 KiB}. */
    public String sizeLabel() {
        return recordBytes % 1024 == 0 ? (recordBytes / 1024) + " KiB" : recordBytes + " B";
    }

    /** The same configuration measured with another variant: the baseline a row is compared to. */
    public Scenario with(Variant other) {
        return new Scenario(other, recordBytes, streams, threads, ackMode, pacedRate);
    }
}
