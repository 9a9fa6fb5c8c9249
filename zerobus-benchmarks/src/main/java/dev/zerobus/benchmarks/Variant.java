package dev.zerobus.benchmarks;

/**
 * One client driven one way: {@code single} (one call per record), {@code coalesced} (one call per record with the
 * client allowed to put consecutive records into one request) or {@code batch<N>} (one call per batch of N records).
 *
 * @param client which client
 * @param shape {@code single}, {@code coalesced} or {@code batch<N>}
 */
public record Variant(ClientKind client, String shape) {

    public static final String SINGLE = "single";
    public static final String COALESCED = "coalesced";

    public Variant {
        if (!shape.equals(SINGLE) && !shape.equals(COALESCED) && batchSizeOf(shape) < 2) {
            throw new IllegalArgumentException("request shape must be single, coalesced or batch<N>, N >= 2: " + shape);
        }
    }

    public static Variant batch(ClientKind client, int batchSize) {
        return new Variant(client, "batch" + batchSize);
    }

    public boolean isBatch() {
        return shape.startsWith("batch");
    }

    /** Records per call: N for {@code batch<N>}, else 1. */
    public int batchSize() {
        return isBatch() ? batchSizeOf(shape) : 1;
    }

    /** A stable id such as {@code official/single} or {@code ours/batch100}. */
    public String id() {
        return client.id() + "/" + shape;
    }

    public static Variant parse(String id) {
        int slash = id.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("variant must look like <client>/<shape>: " + id);
        }
        return new Variant(ClientKind.fromId(id.substring(0, slash)), id.substring(slash + 1));
    }

    private static int batchSizeOf(String shape) {
        if (!shape.startsWith("batch")) {
            return -1;
        }
        try {
            return Integer.parseInt(shape.substring("batch".length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
