package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.proto.RecordType;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The request metadata checks at RPC open (run in plaintext and TLS subclasses). */
abstract class StreamAuthTests extends ServerTestSupport {

    @Test
    void missingAuthorizationIsUnauthenticated() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, null, table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            assertEndsWith(stream, Status.Code.UNAUTHENTICATED, "missing authorization");
        }
    }

    @Test
    void nonBearerAuthorizationIsUnauthenticated() {
        String table = newTable();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Basic Zm9vOmJhcg==");
        headers.put(Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER), table);
        try (RawStream stream = RawStream.open(channel, headers)) {
            assertEndsWith(stream, Status.Code.UNAUTHENTICATED, "not a Bearer token");
        }
    }

    @Test
    void tokensNotIssuedByTheServerAreUnauthenticated() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, "made-up-token", table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            Status status = stream.awaitEnd();
            assertThat(status.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
            assertThat(status.getDescription()).doesNotContain("made-up-token");
        }
    }

    @Test
    void expiredTokensAreUnauthenticated() throws Exception {
        MutableClock clock = new MutableClock();
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .tls(server().isTls())
                .tokenTtl(Duration.ofMinutes(10))
                .clock(clock)
                .build()
                .start()) {
            ManagedChannel own = TestChannels.open(server);
            try {
                String table = newTable();
                String token = server.issueToken(table);
                try (RawStream stream = RawStream.open(own, token, table)) {
                    stream.send(RawStream.create(table, RecordType.JSON, null));
                    stream.awaitStreamId();
                }
                clock.advance(Duration.ofMinutes(10));
                try (RawStream stream = RawStream.open(own, token, table)) {
                    assertEndsWith(stream, Status.Code.UNAUTHENTICATED, "expired");
                }
            } finally {
                own.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void tableHeaderIsRequired() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(table), null)) {
            assertEndsWith(stream, Status.Code.INVALID_ARGUMENT, "x-databricks-zerobus-table-name");
        }
    }

    @Test
    void tokenForAnotherTableIsPermissionDenied() {
        String table = newTable();
        try (RawStream stream = RawStream.open(channel, server().issueToken(newTable()), table)) {
            assertEndsWith(stream, Status.Code.PERMISSION_DENIED, "does not grant access to table " + table);
        }
    }

    @Test
    void clientHeadersAreRecordedWithTheTokenRedacted() {
        String table = newTable();
        String token = server().issueToken(table);
        try (RawStream stream = RawStream.open(channel, token, table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            stream.awaitStreamId();
        }
        assertThat(server().streams())
                .filteredOn(s -> s.table().equals(table))
                .singleElement()
                .satisfies(s -> {
                    assertThat(s.clientHeaders()).containsEntry("authorization", "Bearer <redacted>");
                    assertThat(s.clientHeaders().values()).noneMatch(v -> v.contains(token));
                    assertThat(s.toString()).doesNotContain(token);
                });
    }

    /** A clock tests move forward by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now = Instant.now();

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
