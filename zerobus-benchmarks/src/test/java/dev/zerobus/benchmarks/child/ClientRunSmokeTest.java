package dev.zerobus.benchmarks.child;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.benchmarks.AckMode;
import dev.zerobus.benchmarks.Measurement;
import dev.zerobus.benchmarks.Scenario;
import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.benchmarks.Variant;
import dev.zerobus.benchmarks.clients.ClientSetup;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Drives each client adapter for a fraction of a second against an in-process server: no timing asserted, only that
 * what a run counts was acknowledged (and, paced, that every record's ack was seen).
 */
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

    @ParameterizedTest(name = "{0} {1} streams, {2} threads, in flight {3}, paced {4}")
    @CsvSource({
        "grpc-java/single, 1, 1, 1000, 0",
        "grpc-java/batch100, 1, 1, 2, 0",
        "official/single, 1, 1, 1000, 0",
        "official/batch100, 2, 2, 1000, 0",
        "official-proto/single, 1, 1, 1000, 0",
        "official-proto/batch100, 1, 1, 1000, 0",
        "official/single, 1, 1, 1000, 2000",
        "ours/single, 1, 1, 1000, 0",
        "ours/batch100, 1, 1, 2, 0",
        "ours/single, 1, 4, 1000, 0",
        "ours/single, 1, 1, 1000, 2000",
        "ours/coalesced, 1, 1, 1000, 0",
        "ours/coalesced, 1, 1, 1000, 2000",
        "template-string/single, 1, 1, 1000, 0",
        "template-pojo/single, 2, 2, 1000, 0",
        "template-proto/single, 1, 1, 1000, 0",
        "template-string/batch100, 1, 1, 1000, 0",
        "template-string/single, 1, 1, 1000, 2000",
    })
    void recordsArriveAndAreCounted(String variantId, int streams, int threads, int maxInflight, int pacedRate)
            throws Exception {
        Variant variant = Variant.parse(variantId);
        Scenario scenario = new Scenario(variant, 200, streams, threads, AckMode.IMMEDIATE, pacedRate);
        long before = server.recordCount(TABLE);
        ClientRun run = new ClientRun(scenario, Duration.ofMillis(100), Duration.ofMillis(300));

        Measurement measurement = run.execute(
                ClientMain.newClient(variant), new ClientSetup(connection, TABLE, maxInflight, streams, variant));

        assertThat(measurement.variant()).isEqualTo(variant.id());
        assertThat(measurement.records()).isPositive();
        assertThat(measurement.records() % variant.batchSize()).isZero();
        assertThat(measurement.cpuNanos()).isPositive();
        // warm-up and measured records were all flushed, so the server counted at least the measured ones
        assertThat(server.recordCount(TABLE) - before).isGreaterThanOrEqualTo(measurement.records());
        if (pacedRate > 0) {
            assertThat(measurement.records()).isEqualTo(pacedRate * 300L / 1000);
            assertThat(measurement.latency().p50Micros()).isPositive();
            assertThat(measurement.latency().p99Micros())
                    .isGreaterThanOrEqualTo(measurement.latency().p50Micros());
        } else {
            assertThat(measurement.latency().isMeasured()).isFalse();
        }
    }
}
