package dev.zerobus.test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.ConcurrentHashMap;

/** Issues opaque bearer tokens, each bound to one table until it expires. Tokens are never logged. */
final class TokenRegistry {

    /** What a token grants. */
    record Grant(String table, Instant expiresAt) {}

    /** The outcome of checking a presented token. */
    enum Verdict {
        VALID,
        UNKNOWN,
        EXPIRED
    }

    private final SecureRandom random = new SecureRandom();
    private final ConcurrentHashMap<String, Grant> grants = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    TokenRegistry(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Duration ttl() {
        return ttl;
    }

    String issue(String table) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = "zbt-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        grants.put(token, new Grant(table, clock.instant().plus(ttl)));
        return token;
    }

    Verdict check(String token) {
        Grant grant = token == null ? null : grants.get(token);
        if (grant == null) {
            return Verdict.UNKNOWN;
        }
        return clock.instant().isBefore(grant.expiresAt()) ? Verdict.VALID : Verdict.EXPIRED;
    }

    /** The grant of a token that {@link #check} found valid. */
    Grant grant(String token) {
        return grants.get(token);
    }
}
