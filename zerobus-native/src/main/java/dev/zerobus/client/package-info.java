/**
 * The Zerobus Ingest client: streams records into Databricks Delta tables over the Zerobus gRPC protocol, on a native
 * (Rust) core.
 *
 * <pre>{@code
 * try (ZerobusSdk sdk = new ZerobusSdk(zerobusEndpoint, workspaceUrl)) {
 *     ZerobusStream stream = sdk.createStream(
 *             TableProperties.json("main.sensors.readings"), clientId, clientSecret,
 *             StreamConfigurationOptions.defaults());
 *     try {
 *         for (String json : readings) {
 *             stream.ingestRecord(json);      // returns at once; blocks only at the in-flight limits
 *         }
 *         stream.close();                     // flushes: everything above is durable
 *     } catch (ZerobusException ex) {
 *         // ex.kind(), ex.isRetryable(), ex.grpcStatus(); the failed stream kept its unacked records
 *         try (ZerobusStream retry = sdk.recreateStream(stream)) {
 *             retry.flush();
 *         }
 *     }
 * }
 * }</pre>
 *
 * <p>Offsets are logical and never reset across reconnects; acks are cumulative. Delivery is at least once: after a
 * reconnect, unacknowledged requests are sent again. Nothing is lost silently: a record is either acknowledged or
 * reported failed with its payload retrievable.
 */
package dev.zerobus.client;
