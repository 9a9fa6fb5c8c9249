package dev.zerobus.benchmarks.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.benchmarks.ClientKind;
import dev.zerobus.benchmarks.Measurement;
import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.benchmarks.Variant;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drives each available client adapter for a fraction of a second against an in-process server: no timing asserted. */
class ClientRunSmokeTest {

    private static final String TABLE = "main.bench.smoke";

    private static ZerobusTestServer server;
    private static ServerConnection connection;

    @BeforeAll
    static void startServer() {
        server = ZerobusTestServer.builder().benchmarkMode(true).build().start();
        connection = new ServerConnection(
                server.endpoint(), server.workspaceUrl(), server.clientId(), server.clientSecret());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void grpcJavaCeilingSendsSingleRecordsThatTheServerCounts() throws Exception {
        assertRecordsArrive(new Variant(ClientKind.GRPC_JAVA, 1), 1_000);
    }

    @Test
    void grpcJavaCeilingSendsBatchesUnderATinyInflightLimit() throws Exception {
        assertRecordsArrive(new Variant(ClientKind.GRPC_JAVA, 100), 2);
    }

    @Test
    void officialSdkSendsSingleRecordsThatTheServerCounts() throws Exception {
        assertRecordsArrive(new Variant(ClientKind.OFFICIAL_SDK, 1), 1_000);
    }

    @Test
    void ourClientSendsSingleRecordsThatTheServerCounts() throws Exception {
        assertRecordsArrive(new Variant(ClientKind.ZEROBUS_NATIVE, 1), 1_000);
    }

    @Test
    void ourClientSendsBatchesUnderATinyInflightLimit() throws Exception {
        assertRecordsArrive(new Variant(ClientKind.ZEROBUS_NATIVE, 100), 2);
    }

    private static void assertRecordsArrive(Variant variant, int maxInflight) throws Exception {
        long before = server.recordCount(TABLE);
        ClientRun run = new ClientRun(
                variant, "immediate", TABLE, maxInflight, 200, Duration.ofMillis(100), Duration.ofMillis(200));

        Measurement measurement = run.execute(ClientMain.newClient(variant), connection);

        assertThat(measurement.variant()).isEqualTo(variant.id());
        assertThat(measurement.records()).isPositive();
        assertThat(measurement.records() % variant.batchSize()).isZero();
        assertThat(measurement.cpuNanos()).isPositive();
        // warm-up and measured records were all flushed, so the server counted at least the measured ones
        assertThat(server.recordCount(TABLE) - before).isGreaterThanOrEqualTo(measurement.records());
    }
}
