package dev.zerobus.spring;

import dev.zerobus.client.UnackedBatch;
import java.util.List;

/**
 * Receives, once per table at shutdown, the records that could not be made durable within
 * {@code zerobus.shutdown.flush-timeout}, with their payloads, for example to write them to a local spool and ingest
 * them again at the next start. Their futures have already failed. Declare a bean of this type to use it; called on
 * the shutdown thread, so keep it bounded.
 */
@FunctionalInterface
public interface UndeliveredRecordsHandler {

    /**
     * @param table the Delta table
     * @param batches the unacknowledged requests in offset order, batches kept whole
     */
    void undelivered(String table, List<UnackedBatch> batches);
}
