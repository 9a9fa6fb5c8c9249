package dev.zerobus.benchmarks;

/**
 * Where the benchmark server listens and how to authenticate against it.
 *
 * @param endpoint the gRPC endpoint, {@code http://127.0.0.1:<port>}
 * @param workspaceUrl the base URL of the OAuth token endpoint
 * @param clientId OAuth client id
 * @param clientSecret OAuth client secret (never printed; see {@link #toString()})
 */
public record ServerConnection(String endpoint, String workspaceUrl, String clientId, String clientSecret) {

    @Override
    public String toString() {
        return "ServerConnection[endpoint=" + endpoint + ", workspaceUrl=" + workspaceUrl + ", clientId=" + clientId
                + "]";
    }
}
