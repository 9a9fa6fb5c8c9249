package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.RecordType;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;

/** {@link FaultInjector#freezeConnections}: a server that silently stops answering (plaintext and TLS subclasses). */
abstract class FrozenConnectionTests extends ServerTestSupport {

    private static final Duration NO_ANSWER = Duration.ofMillis(500);
    private static final Duration ANSWER = Duration.ofSeconds(5);

    @Test
    void aFrozenConnectionAnswersNoPingWhileANewConnectionDoesAndUnfreezingAnswersIt() throws Exception {
        try (Http2PingProbe frozen = Http2PingProbe.open(server())) {
            frozen.ping(1);
            assertThat(frozen.awaitPingAck(1, ANSWER))
                    .as("PING answered before the freeze")
                    .isTrue();

            server().faults().freezeConnections();
            frozen.ping(2);
            assertThat(frozen.awaitPingAck(2, NO_ANSWER))
                    .as("no PING ACK from a frozen connection")
                    .isFalse();
            try (Http2PingProbe fresh = Http2PingProbe.open(server())) {
                fresh.ping(3);
                assertThat(fresh.awaitPingAck(3, ANSWER))
                        .as("a connection accepted after the freeze works")
                        .isTrue();
            }

            server().faults().unfreezeConnections();
            assertThat(frozen.awaitPingAck(2, ANSWER))
                    .as("the PING sent meanwhile is read and answered after the thaw")
                    .isTrue();
        }
    }

    @Test
    void aFrozenConnectionSendsNoAckNoCloseSignalAndNoStatusUntilItIsUnfrozen() throws Exception {
        String table = newTable();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.awaitAck(0);
            server().faults().freezeConnections();
            stream.send(RawStream.jsonRecord(1, "{}"));
            server().faults().sendCloseSignal(Duration.ZERO);
            assertThat(stream.poll(NO_ANSWER.toMillis()))
                    .as("nothing from a frozen connection")
                    .isNull();
            assertThat(stream.end).as("no status either").isNotDone();
            assertThat(server().records(table))
                    .as("what the client sent meanwhile is not read")
                    .hasSize(1);

            server().faults().reset(); // unfreezes: held-back messages arrive in order, then the record is read
            EphemeralStreamResponse signal = stream.next();
            assertThat(signal.getPayloadCase()).isEqualTo(EphemeralStreamResponse.PayloadCase.CLOSE_STREAM_SIGNAL);
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        }
    }

    @Test
    void aClientKeepaliveFindsTheFrozenConnectionAndAReconnectRecovers() throws Exception {
        String table = newTable();
        // grpc-java's shortest keepalive time is 10 s; the timeout can be short.
        ManagedChannel keepalive = keepaliveChannel(Duration.ofSeconds(10), Duration.ofMillis(500));
        try {
            try (RawStream stream = RawStream.json(server(), keepalive, table)) {
                stream.send(RawStream.jsonRecord(0, "{\"before\":true}"));
                stream.awaitAck(0);
                server().faults().freezeConnections();
                stream.send(RawStream.jsonRecord(1, "{\"lost\":true}"));
                Status status = stream.awaitEnd(30);
                assertThat(status.getCode()).as("status %s", status).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(status.getDescription()).containsIgnoringCase("keepalive");
                assertThat(stream.poll(0)).as("no ack after the freeze").isNull();
            }
            // The channel reconnects on a new TCP connection, which is not frozen.
            try (RawStream stream = RawStream.open(keepalive, server().issueToken(table), table)) {
                stream.send(RawStream.create(table, RecordType.JSON, null));
                stream.awaitStreamId();
                stream.send(RawStream.jsonRecord(0, "{\"after\":true}"));
                stream.awaitAck(0);
            }
            assertThat(server().records(table))
                    .extracting(IngestedRecord::json)
                    .containsExactly("{\"before\":true}", "{\"after\":true}");
        } finally {
            keepalive.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void stopResetsFrozenConnectionsAndRestartServesNewOnes() throws Exception {
        ZerobusTestServer own =
                ZerobusTestServer.builder().tls(server().isTls()).build().start();
        try {
            ManagedChannel ownChannel = TestChannels.open(own);
            String table = newTable();
            try (RawStream stream = RawStream.json(own, ownChannel, table)) {
                stream.send(RawStream.jsonRecord(0, "{}"));
                stream.awaitAck(0);
                own.faults().freezeConnections();
                own.stop();
                assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            }
            ownChannel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            own.start();
            ManagedChannel fresh = TestChannels.open(own);
            try (RawStream stream = RawStream.json(own, fresh, table)) {
                stream.send(RawStream.jsonRecord(0, "{}"));
                stream.awaitAck(0);
            } finally {
                fresh.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            assertThat(own.records(table)).hasSize(2);
        } finally {
            own.close();
        }
    }

    private ManagedChannel keepaliveChannel(Duration time, Duration timeout) throws SSLException {
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress("127.0.0.1", server().port())
                .keepAliveTime(time.toMillis(), TimeUnit.MILLISECONDS)
                .keepAliveTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (server().isTls()) {
            builder.sslContext(GrpcSslContexts.forClient()
                    .trustManager(server().caCertificatePath().toFile())
                    .build());
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }
}
