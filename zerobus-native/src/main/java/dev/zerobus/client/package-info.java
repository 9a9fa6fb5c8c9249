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
 *
 * <h2>The native library</h2>
 *
 * <p>The jar carries the Rust core for linux-x86_64 and linux-aarch64 (glibc) and loads it on first use; musl (Alpine)
 * and other platforms are refused with an {@link java.lang.UnsatisfiedLinkError} that says so. System properties:
 * {@code zerobus.native.library} (a library file to load instead of the jar's) and {@code zerobus.native.extractDir}
 * (where the jar's library is extracted; {@code java.io.tmpdir} by default; nothing is left there). On JDK 24 and
 * later, start the JVM with {@code --enable-native-access=ALL-UNNAMED} (or {@code =dev.zerobus.client} on the module
 * path), or put {@code Enable-Native-Access: ALL-UNNAMED} in the executable jar's manifest, to load it without the
 * restricted-method warning. See {@code docs/platforms.md}.
 */
package dev.zerobus.client;
