package dev.zerobus.spring;

/**
 * A request that the service acknowledged as durable.
 *
 * @param table the Delta table
 * @param offset the logical offset of the request on its stream
 * @param records how many records the request carried (1, or the size of a batch)
 */
public record IngestResult(String table, long offset, int records) {}
