package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.RecordType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Every fault of {@link FaultInjector}, seen from a plain grpc-java client (run in plaintext and TLS subclasses). */
abstract class FaultInjectionTests extends ServerTestSupport {

    @Test
    void nextStreamCreationsFailWithTheGivenCode() {
        String table = newTable();
        int before = server().streamCreations();
        server().faults().failNextStreamCreations(2, Status.Code.UNAVAILABLE);
        for (int i = 0; i < 2; i++) {
            try (RawStream stream = RawStream.open(channel, server().issueToken(table), table)) {
                stream.send(RawStream.create(table, RecordType.JSON, null));
                assertEndsWith(stream, Status.Code.UNAVAILABLE, "injected");
            }
        }
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            assertThat(stream.end).isNotDone();
        }
        assertThat(server().streamCreations()).isEqualTo(before + 1);
    }

    @Test
    void connectionIsResetAfterTheGivenNumberOfRecords() {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{\"i\":0}"));
            stream.awaitAck(0);
            server().faults().breakConnectionAfterRecords(3);
            for (int i = 1; i <= 6; i++) {
                stream.send(RawStream.jsonRecord(i, "{\"i\":" + i + "}"));
            }
            Status status = stream.awaitEnd();
            // A transport failure, not a status the server sent: grpc-java reports UNAVAILABLE with the I/O cause.
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            assertThat(status.getDescription()).doesNotContain("fault injection");
        }
        assertThat(server().records(table)).hasSize(4);
        assertThat(server().streams())
                .filteredOn(s -> s.table().equals(table))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.open()).isFalse();
                    assertThat(s.endStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                    assertThat(s.ackedUpTo())
                            .as("the request that hit the break is stored, not acked")
                            .isLessThan(3);
                });
        // the fault is one-shot: a new connection works
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            for (int i = 0; i < 5; i++) {
                stream.send(RawStream.jsonRecord(i, "{}"));
            }
            stream.awaitAck(4);
        }
    }

    @Test
    void closeSignalIsSentAndTheStreamEndsAfterItsDuration() throws Exception {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.awaitAck(0);
            server().faults().sendCloseSignal(Duration.ofMillis(300));
            EphemeralStreamResponse signal = stream.next();
            assertThat(signal.getPayloadCase()).isEqualTo(EphemeralStreamResponse.PayloadCase.CLOSE_STREAM_SIGNAL);
            assertThat(signal.getCloseStreamSignal().getDuration().getNanos()).isEqualTo(300_000_000);
            // the stream still accepts and acknowledges records until it is closed
            stream.send(RawStream.jsonRecord(1, "{}"));
            stream.awaitAck(1);
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        }
        assertThat(server().records(table)).hasSize(2);
    }

    @Test
    void stalledAcksResumeCumulatively() throws Exception {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            server().faults().stallAcks(Duration.ofMillis(400));
            for (int i = 0; i < 5; i++) {
                stream.send(RawStream.jsonRecord(i, "{}"));
            }
            server().awaitRecords(table, 5, Duration.ofSeconds(5));
            assertThat(stream.poll(100)).as("no ack while stalled").isNull();
            assertThat(stream.awaitAck(4))
                    .as("one cumulative ack after the stall")
                    .isEqualTo(1);
        }
    }

    @Test
    void ackLimitHoldsAcksBackUntilCleared() throws Exception {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            server().faults().ackOnlyUpTo(2);
            for (int i = 0; i < 6; i++) {
                stream.send(RawStream.jsonRecord(i, "{}"));
            }
            stream.awaitAck(2);
            server().awaitRecords(table, 6, Duration.ofSeconds(5));
            assertThat(stream.poll(100)).as("nothing beyond offset 2").isNull();
            server().faults().clearAckLimit();
            assertThat(stream.awaitAck(5)).isEqualTo(1);
        }
    }

    @Test
    void tokenRequestsFailWithTheInjectedStatus() throws Exception {
        TokenClient client = new TokenClient(server());
        int before = server().tokenRequests();
        server().faults().failNextTokenRequests(2, 503);
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> failed = client.request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID));
            assertThat(failed.statusCode()).isEqualTo(503);
            assertThat(failed.body()).contains("\"error\":\"temporarily_unavailable\"");
        }
        HttpResponse<String> ok = client.request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(server().tokenRequests()).isEqualTo(before + 1);
    }

    @Test
    void resetClearsEveryFault() throws Exception {
        String table = newTable();
        server().faults()
                .failNextStreamCreations(5, Status.Code.INTERNAL)
                .failNextTokenRequests(5, 500)
                .ackOnlyUpTo(-1)
                .stallAcks(Duration.ofMinutes(5))
                .breakConnectionAfterRecords(1)
                .reset();
        assertThat(new TokenClient(server())
                        .request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID))
                        .statusCode())
                .isEqualTo(200);
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.send(RawStream.jsonRecord(1, "{}"));
            stream.awaitAck(1);
        }
    }

    @Test
    void stopDropsConnectionsAndRestartServesTheSamePortsWithRecordsKept() throws Exception {
        ZerobusTestServer server =
                ZerobusTestServer.builder().tls(server().isTls()).build().start();
        try {
            ManagedChannel own = TestChannels.open(server);
            String table = newTable();
            String token = server.issueToken(table);
            int port = server.port();
            String workspaceUrl = server.workspaceUrl();
            try (RawStream stream = RawStream.json(server, own, table)) {
                stream.send(RawStream.jsonRecord(0, "{\"before\":true}"));
                stream.awaitAck(0);
                server.stop();
                assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            }
            assertThat(server.isRunning()).isFalse();
            server.restart();
            assertThat(server.port()).isEqualTo(port);
            assertThat(server.workspaceUrl()).isEqualTo(workspaceUrl);
            assertThat(new TokenClient(server)
                            .request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID))
                            .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                try (RawStream stream = RawStream.open(own, token, table)) {
                    stream.send(RawStream.create(table, RecordType.JSON, null));
                    stream.awaitStreamId();
                    stream.send(RawStream.jsonRecord(0, "{\"after\":true}"));
                    stream.awaitAck(0);
                }
            });
            assertThat(server.records(table))
                    .extracting(IngestedRecord::json)
                    .containsExactly("{\"before\":true}", "{\"after\":true}");
            own.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        } finally {
            server.close();
        }
    }
}
