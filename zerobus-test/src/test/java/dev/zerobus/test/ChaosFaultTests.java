package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.proto.EphemeralStreamResponse;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The faults a client chaos test combines besides drops and freezes: a server that never acks, close signals without a
 * duration, a slow token endpoint, a restart under open streams, and counting re-sent requests afterwards (plaintext
 * and TLS subclasses).
 */
abstract class ChaosFaultTests extends ServerTestSupport {

    private static final Duration TOKEN_DELAY = Duration.ofSeconds(2);

    @Test
    void acceptButNeverAckStoresRecordsButSendsNoAckNotEvenAFinalOne() throws Exception {
        String table = newTable();
        server().faults().acceptButNeverAck();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            for (int i = 0; i < 3; i++) {
                stream.send(RawStream.jsonRecord(i, "{}"));
            }
            server().awaitRecords(table, 3, Duration.ofSeconds(5));
            assertThat(stream.poll(100)).as("no ack").isNull();
            stream.halfClose();
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
            assertThat(stream.nextOrNullAtEnd())
                    .as("no final ack on a half-close")
                    .isNull();
        }
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            server().awaitRecords(table, 4, Duration.ofSeconds(5));
            server().faults().sendCloseSignal(Duration.ZERO);
            assertThat(stream.next().getPayloadCase())
                    .isEqualTo(EphemeralStreamResponse.PayloadCase.CLOSE_STREAM_SIGNAL);
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
            assertThat(stream.nextOrNullAtEnd())
                    .as("no final ack after a close signal")
                    .isNull();
        }
        server().faults().clearAckLimit();
        try (RawStream stream = RawStream.json(server(), channel, table)) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.awaitAck(0);
        }
    }

    @Test
    void aCloseSignalWithoutDurationHasNoDurationFieldAndTheStreamStillEnds() {
        try (RawStream stream = RawStream.json(server(), channel, newTable())) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.awaitAck(0);
            server().faults().sendCloseSignalWithoutDuration(Duration.ofMillis(200));
            EphemeralStreamResponse signal = stream.next();
            assertThat(signal.getPayloadCase()).isEqualTo(EphemeralStreamResponse.PayloadCase.CLOSE_STREAM_SIGNAL);
            assertThat(signal.getCloseStreamSignal().hasDuration()).isFalse();
            assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.OK);
        }
    }

    @Test
    void aSlowTokenEndpointDelaysEachAnswerConcurrentlyWithoutHoldingUpGrpc() throws Exception {
        TokenClient client = new TokenClient(server());
        server().faults().delayTokenResponses(TOKEN_DELAY).failNextTokenRequests(1, 503);
        ExecutorService requesters = Executors.newFixedThreadPool(4);
        // the stream (and its connection) exists before the token requests start, so only its ack is timed
        try (RawStream stream = RawStream.json(server(), channel, newTable())) {
            List<CompletableFuture<Timed>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> Timed.request(client), requesters));
            }
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.awaitAck(0);
            assertThat(answers)
                    .as("gRPC answered while the token requests wait")
                    .noneMatch(CompletableFuture::isDone);
            List<Timed> timed = answers.stream().map(CompletableFuture::join).toList();
            assertThat(timed).allSatisfy(t -> assertThat(t.elapsed).isGreaterThanOrEqualTo(TOKEN_DELAY));
            assertThat(timed)
                    .as("delayed side by side, not queued behind each other")
                    .allSatisfy(t -> assertThat(t.elapsed).isLessThan(TOKEN_DELAY.multipliedBy(2)));
            assertThat(timed).extracting(t -> t.status).containsExactlyInAnyOrder(503, 200, 200, 200);
        } finally {
            requesters.shutdownNow();
        }
        server().faults().reset();
        Timed fast = Timed.request(client);
        assertThat(fast.status).isEqualTo(200);
        assertThat(fast.elapsed).isLessThan(TOKEN_DELAY);
    }

    @Test
    void restartUnderOpenStreamsKeepsStoredRecordsAndReSendsCanBeCounted() throws Exception {
        // A server of its own, with a record key, so that duplicates are counted.
        ZerobusTestServer own = ZerobusTestServer.builder()
                .tls(server().isTls())
                .recordKey(IngestedRecord::json)
                .build()
                .start();
        List<ManagedChannel> channels = new ArrayList<>();
        try {
            String table = newTable();
            own.faults().acceptButNeverAck();
            List<RawStream> open = new ArrayList<>();
            for (int s = 0; s < 2; s++) {
                ManagedChannel ownChannel = TestChannels.open(own);
                channels.add(ownChannel);
                RawStream stream = RawStream.json(own, ownChannel, table);
                open.add(stream);
                for (int i = 0; i < 3; i++) {
                    stream.send(RawStream.jsonRecord(i, "{\"s\":" + s + ",\"i\":" + i + "}"));
                }
            }
            own.awaitRecords(table, 6, Duration.ofSeconds(5));
            own.restart();
            for (RawStream stream : open) {
                assertThat(stream.awaitEnd().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
                assertThat(stream.nextOrNullAtEnd()).as("never acked").isNull();
            }
            assertThat(own.records(table))
                    .as("stored before the stop, still there")
                    .hasSize(6);
            assertThat(own.streams()).allSatisfy(s -> {
                assertThat(s.open()).isFalse();
                assertThat(s.endStatus().getDescription()).isEqualTo("server stopped");
            });

            // Faults survive a restart; a correct client re-sends its 3 unacked records per stream, then 1 new one.
            own.faults().clearAckLimit();
            ManagedChannel fresh = TestChannels.open(own);
            channels.add(fresh);
            try (RawStream stream = RawStream.json(own, fresh, table)) {
                long offset = 0;
                for (int s = 0; s < 2; s++) {
                    for (int i = 0; i < 3; i++) {
                        stream.send(RawStream.jsonRecord(offset++, "{\"s\":" + s + ",\"i\":" + i + "}"));
                    }
                }
                stream.send(RawStream.jsonRecord(offset, "{\"new\":true}"));
                stream.awaitAck(offset);
            }
            long distinctRequests = 7;
            long storedRequests =
                    own.streams().stream().mapToLong(StreamStatistics::requests).sum();
            assertThat(storedRequests - distinctRequests).as("re-sent requests").isEqualTo(6);
            assertThat(own.duplicates(table)).as("re-sent records").isEqualTo(6);
            assertThat(own.records(table)).hasSize(13);
        } finally {
            for (ManagedChannel c : channels) {
                c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            own.close();
        }
    }

    @Test
    void resetClearsTheNewFaults() throws Exception {
        server().faults()
                .dropRequests(1, 1)
                .acceptButNeverAck()
                .delayTokenResponses(Duration.ofMinutes(5))
                .freezeConnections()
                .reset();
        Timed token = Timed.request(new TokenClient(server()));
        assertThat(token.status).isEqualTo(200);
        try (RawStream stream = RawStream.json(server(), channel, newTable())) {
            stream.send(RawStream.jsonRecord(0, "{}"));
            stream.send(RawStream.jsonRecord(1, "{}"));
            stream.awaitAck(1);
        }
        try (Http2PingProbe probe = Http2PingProbe.open(server())) {
            probe.ping(7);
            assertThat(probe.awaitPingAck(7, Duration.ofSeconds(5))).isTrue();
        }
    }

    /** One token request: its HTTP status and how long the answer took. */
    private record Timed(int status, Duration elapsed) {

        static Timed request(TokenClient client) {
            long start = System.nanoTime();
            try {
                HttpResponse<String> response =
                        client.request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID));
                return new Timed(response.statusCode(), Duration.ofNanos(System.nanoTime() - start));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
