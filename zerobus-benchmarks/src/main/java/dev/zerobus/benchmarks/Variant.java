package dev.zerobus.benchmarks;

/**
 * One client driven one way: single-record requests ({@code batchSize == 1}) or batches of {@code batchSize} records
 * per request.
 *
 * @param client which client
 * @param batchSize records per request
 */
public record Variant(ClientKind client, int batchSize) {

    public Variant {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, was " + batchSize);
        }
    }

    public boolean isBatch() {
        return batchSize > 1;
    }

    /** A stable id such as {@code official/single} or {@code ours/batch100}. */
    public String id() {
        return client.id() + "/" + requestShape();
    }

    /** {@code single} or {@code batch<N>}. */
    public String requestShape() {
        return isBatch() ? "batch" + batchSize : "single";
    }

    public static Variant parse(String id) {
        int slash = id.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("variant must look like <client>/single or <client>/batch<N>: " + id);
        }
        ClientKind client = ClientKind.fromId(id.substring(0, slash));
        String shape = id.substring(slash + 1);
        if (shape.equals("single")) {
            return new Variant(client, 1);
        }
        if (shape.startsWith("batch")) {
            return new Variant(client, Integer.parseInt(shape.substring("batch".length())));
        }
        throw new IllegalArgumentException("unknown request shape '" + shape + "' in " + id);
    }
}
