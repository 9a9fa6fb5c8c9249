/**
 * The Zerobus Ingest client: streams records into Databricks Delta tables over the Zerobus gRPC protocol, on a native
 * (Rust) core.
 *
 * <pre>{@code
 * try (ZerobusSdk sdk = new ZerobusSdk(zerobusEndpoint, workspaceUrl);
 *         ZerobusStream stream = sdk.createStream(
 *                 TableProperties.json("main.sensors.readings"), clientId, clientSecret,
 *                 StreamConfigurationOptions.defaults())) {
 *     for (String json : readings) {
 *         stream.ingestRecord(json);          // returns at once; blocks only when the in-flight limits are reached
 *     }
 *     stream.flush();                         // everything above is durable
 * } catch (ZerobusException ex) {
 *     // ex.kind(), ex.isRetryable(), ex.grpcStatus(); a failed stream keeps its unacked records:
 *     // stream.unackedBatches() or sdk.recreateStream(stream)
 * }
 * }</pre>
 *
 * <p>Offsets are logical and never reset across reconnects; acks are cumulative. Delivery is at least once: after a
 * reconnect, unacknowledged requests are sent again. Nothing is lost silently: a record is either acknowledged or
 * reported failed with its payload retrievable.
 */
package dev.zerobus.client;
