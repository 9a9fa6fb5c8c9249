/**
 * An in-process, protocol-faithful Zerobus Ingest server for tests: {@link dev.zerobus.test.ZerobusTestServer} (gRPC
 * {@code EphemeralStream}, OAuth token endpoint, TLS, record store, {@link dev.zerobus.test.FaultInjector fault
 * injection}), the JUnit 5 {@link dev.zerobus.test.ZerobusTestServerExtension} and a standalone
 * {@link dev.zerobus.test.ZerobusTestServerMain}.
 */
package dev.zerobus.test;
