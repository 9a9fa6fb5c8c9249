package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.benchmarks.Variant;

/**
 * What a client opens: its streams to one table on one server.
 *
 * @param server where and as whom
 * @param table the table of every stream
 * @param maxInflight the in-flight limit, the same number for every client (requests for ours and grpc-java, records
 *     for the official SDK, which counts records)
 * @param streams how many streams
 * @param variant the client and request shape (an adapter serving several kinds reads its kind here)
 */
public record ClientSetup(ServerConnection server, String table, int maxInflight, int streams, Variant variant) {}
