package dev.zerobus.client;

import java.util.Map;

/**
 * Supplies the request headers of a stream instead of the built-in OAuth client-credentials flow, for example when
 * tokens come from a secret manager or another identity provider.
 *
 * <p>It is asked for the headers on every connection attempt (creation and each recovery), on a native thread, so it
 * must be thread-safe and should answer quickly (cache the token; refresh it before it expires). The map must contain
 * {@code authorization} ({@code Bearer <token>}); {@code x-databricks-zerobus-table-name} is added with the stream's
 * table when missing. An exception thrown from {@link #getHeaders()} fails that connection attempt with a retryable
 * error carrying its message, so never put a secret in such a message.
 */
@FunctionalInterface
public interface HeadersProvider {

    /** The headers for the next connection attempt: names (lower case) to values. */
    Map<String, String> getHeaders();

    /**
     * Called when the server refused the headers last returned (UNAUTHENTICATED), before the next
     * {@link #getHeaders()}: drop any cached token.
     */
    default void invalidate() {}
}
