package dev.zerobus.client;

import java.time.Duration;

/**
 * How one ingest call reaches the native core: a first attempt that waits at most one slice for room in the in-flight
 * window (the usual call finds room at once and costs one native call), then, while the window stays full, further
 * slices until {@link StreamConfigurationOptions#maxBlock()}, checking for interrupts between them.
 */
final class IngestCall {

    static final int JSON = 0;

    static final int PROTO = 1;

    static final int JSON_BATCH = 2;

    static final int PROTO_BATCH = 3;

    private final String tableName;

    private final long maxBlockMillis;

    private final long firstBlockMillis;

    IngestCall(String tableName, Duration maxBlock) {
        this.tableName = tableName;
        this.maxBlockMillis = StreamConfigurationOptions.millis(maxBlock);
        this.firstBlockMillis = Math.min(this.maxBlockMillis, Waits.SLICE_MILLIS);
    }

    /**
     * @return the logical offset
     * @throws ZerobusException a retryable {@code TIMEOUT} when the window stayed full for maxBlock (the record was not
     *     taken), {@code INTERRUPTED}, or what the native call threw
     */
    long run(int op, long stream, byte[] record, byte[][] batch) {
        try {
            return ingest(op, stream, record, batch, this.firstBlockMillis);
        } catch (ZerobusException full) {
            if (!isWindowFull(full)) {
                throw full;
            }
            return runBlocked(op, stream, record, batch);
        }
    }

    private long runBlocked(int op, long stream, byte[] record, byte[][] batch) {
        long[] offset = {-1};
        boolean taken = Waits.until(
                Waits.deadline(this.maxBlockMillis - this.firstBlockMillis),
                (millis) -> {
                    try {
                        offset[0] = ingest(op, stream, record, batch, millis);
                        return true;
                    } catch (ZerobusException full) {
                        if (!isWindowFull(full)) {
                            throw full;
                        }
                        return false;
                    }
                },
                "an ingest call waiting for room in the in-flight window of table " + this.tableName);
        if (!taken) {
            throw new ZerobusException(
                    "the in-flight window of table " + this.tableName + " stayed full for " + this.maxBlockMillis
                            + " ms (maxBlock); the record was not taken",
                    ZerobusException.Kind.TIMEOUT,
                    true);
        }
        return offset[0];
    }

    /** The only TIMEOUT an ingest native throws: no room within the wait it was given. */
    private static boolean isWindowFull(ZerobusException ex) {
        return ex.kind() == ZerobusException.Kind.TIMEOUT;
    }

    private static long ingest(int op, long stream, byte[] record, byte[][] batch, long blockMillis) {
        return switch (op) {
            case JSON -> NativeBridge.ingestJson(stream, record, blockMillis);
            case PROTO -> NativeBridge.ingestProto(stream, record, blockMillis);
            case JSON_BATCH -> NativeBridge.ingestJsonBatch(stream, batch, blockMillis);
            default -> NativeBridge.ingestProtoBatch(stream, batch, blockMillis);
        };
    }
}
