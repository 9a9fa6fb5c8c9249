package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** OAuth token caching and errors, and custom headers providers. */
class AuthenticationTest extends SdkPerTest {

    @Test
    void oneTokenServesEveryStreamOfATable() {
        String table = uniqueTable("cached");
        int before = this.server.tokenRequests();

        for (int i = 0; i < 3; i++) {
            try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
                stream.ingestRecord(json(i));
            }
        }
        assertThat(this.server.tokenRequests() - before).isEqualTo(1);

        try (ZerobusStream other = jsonStream(this.sdk, this.server, uniqueTable("othertable"))) {
            other.ingestRecord(json(0));
        }
        assertThat(this.server.tokenRequests() - before)
                .as("tokens are scoped to one table")
                .isEqualTo(2);
        TestStreams.assertStoredInOrder(this.server, table, 3);
        assertThat(this.server.lastTokenRequestForm())
                .containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "all-apis");
    }

    @Test
    void customHeadersProviderReplacesOAuth() {
        String table = uniqueTable("headers");
        String token = this.server.issueToken(table);
        AtomicInteger fetches = new AtomicInteger();
        int before = this.server.tokenRequests();

        try (ZerobusStream stream = this.sdk.createStream(
                TableProperties.json(table),
                () -> {
                    fetches.incrementAndGet();
                    return Map.of("authorization", "Bearer " + token);
                },
                TestStreams.fastOptions())) {
            stream.ingestRecord(json(0)).await();
            assertThat(stream.toString()).doesNotContain(token);
        }
        assertThat(fetches).hasValue(1);
        assertThat(this.server.tokenRequests()).isEqualTo(before);
        TestStreams.assertStoredInOrder(this.server, table, 1);
    }

    @Test
    void headersProviderIsInvalidatedAfterUnauthenticatedAndAskedAgain() {
        String table = uniqueTable("invalidate");
        String good = this.server.issueToken(table);
        AtomicInteger invalidations = new AtomicInteger();
        HeadersProvider provider = new HeadersProvider() {
            @Override
            public Map<String, String> getHeaders() {
                return Map.of("authorization", "Bearer " + ((invalidations.get() == 0) ? "stale-token" : good));
            }

            @Override
            public void invalidate() {
                invalidations.incrementAndGet();
            }
        };

        try (ZerobusStream stream =
                this.sdk.createStream(TableProperties.json(table), provider, TestStreams.fastOptions())) {
            stream.ingestRecord(json(0)).await();
        }
        assertThat(invalidations).hasValue(1);
    }

    @Test
    void failingHeadersProviderFailsCreationWithItsMessage() {
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recoveryRetries(1).build();
        HeadersProvider broken = () -> {
            throw new IllegalStateException("vault unreachable");
        };

        assertThatThrownBy(() -> this.sdk.createStream(TableProperties.json(uniqueTable("vault")), broken, options))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.getMessage())
                        .contains("vault unreachable"));
    }

    @Test
    void wrongSecretIsAnAuthenticationErrorThatNeverShowsTheSecret() {
        String secret = "wrong-secret-d3adb33f";

        assertThatThrownBy(() -> this.sdk.createStream(
                        TableProperties.json(uniqueTable("badsecret")),
                        this.server.clientId(),
                        secret,
                        TestStreams.fastOptions()))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.AUTHENTICATION);
                    assertThat(ex.isRetryable()).isFalse();
                    assertThat(ex.getMessage()).contains("401").doesNotContain(secret);
                });
    }

    @Test
    void tokenEndpointOutageIsRetriedAndForbiddenIsNot() {
        String table = uniqueTable("tokenoutage");
        this.server.faults().failNextTokenRequests(2, 503);
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, table)) {
            stream.ingestRecord(json(0)).await();
        }

        this.server.faults().failNextTokenRequests(1, 403);
        assertThatThrownBy(() -> jsonStream(this.sdk, this.server, uniqueTable("forbidden")))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.PERMISSION_DENIED);
                    assertThat(ex.isRetryable()).isFalse();
                    assertThat(ex.getMessage()).contains("403");
                });
    }

    @Test
    void emptyCredentialsAreRejectedBeforeAnyRequest() {
        int before = this.server.tokenRequests();
        TableProperties table = TableProperties.json(uniqueTable("empty"));

        assertThatThrownBy(() -> this.sdk.createStream(table, "", "secret", null))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> assertThat(ex.kind())
                        .isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
        assertThatThrownBy(() -> this.sdk.createStream(table, "id", null, null)).isInstanceOf(ZerobusException.class);
        assertThatThrownBy(() -> this.sdk.createStream(table, (HeadersProvider) null, null))
                .isInstanceOf(ZerobusException.class);
        assertThat(this.server.tokenRequests()).isEqualTo(before);
    }

    @Test
    void toStringsNeverShowSecrets() {
        String secret = this.server.clientSecret();
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("tostring"))) {
            assertThat(stream.toString()).doesNotContain(secret).contains("OPEN");
            assertThat(stream.spec().toString()).doesNotContain(secret).contains("***");
        }
        assertThat(this.sdk.toString()).doesNotContain(secret);
        assertThat(ZerobusSdk.withoutUserInfo("https://user:pa55@host.example/path"))
                .isEqualTo("https://***@host.example/path");
        assertThat(ZerobusSdk.withoutUserInfo("http://127.0.0.1:8080")).isEqualTo("http://127.0.0.1:8080");
    }

    @Test
    void expiredTokensAreFetchedAgain() throws Exception {
        try (ZerobusTestServer shortLived = ZerobusTestServer.builder()
                        .tokenTtl(Duration.ofSeconds(1))
                        .build()
                        .start();
                ZerobusSdk shortSdk = TestStreams.sdk(shortLived)) {
            String table = uniqueTable("expiry");
            ZerobusStream first = jsonStream(shortSdk, shortLived, table);
            first.ingestRecord(json(0)).await();
            assertThat(shortLived.tokenRequests()).isEqualTo(1);

            Thread.sleep(1_100); // let the one-second token expire
            shortLived.faults().breakConnectionAfterRecords(1);
            first.ingestRecord(json(1));
            first.flush();
            assertThat(first.stats().recoveries()).isGreaterThanOrEqualTo(1);
            try (ZerobusStream second = jsonStream(shortSdk, shortLived, table)) {
                second.ingestRecord(json(2)).await();
            }
            first.close();

            assertThat(shortLived.tokenRequests()).isGreaterThanOrEqualTo(2);
            TestStreams.assertStoredInOrder(shortLived, table, 3);
        }
    }
}
