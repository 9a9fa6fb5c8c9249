package dev.zerobus.client;

/**
 * Run by {@link ProxyTunnelTest} in a child JVM, because the proxy comes from environment variables ({@code grpc_proxy})
 * that a running JVM cannot set for its native code. Ingests numbered JSON records, flushes, closes, and prints
 * {@code OK recoveries=<n>}. Arguments: endpoint, workspace URL, client id, table, record count; the client secret
 * comes from {@code ZEROBUS_TEST_CLIENT_SECRET}.
 */
public final class ProxiedIngestMain {

    private ProxiedIngestMain() {}

    public static void main(String[] args) {
        String endpoint = args[0];
        String workspaceUrl = args[1];
        String clientId = args[2];
        String table = args[3];
        int count = Integer.parseInt(args[4]);
        String secret = System.getenv("ZEROBUS_TEST_CLIENT_SECRET");
        // The proxied host name is not loopback: plaintext to it needs the explicit opt-in.
        try (ZerobusSdk sdk = ZerobusSdk.builder()
                        .endpoint(endpoint)
                        .workspaceUrl(workspaceUrl)
                        .allowInsecurePlaintext(true)
                        .build();
                ZerobusStream stream =
                        sdk.createStream(TableProperties.json(table), clientId, secret, TestStreams.fastOptions())) {
            for (int i = 0; i < count; i++) {
                stream.ingestRecord(TestStreams.json(i));
            }
            stream.flush();
            System.out.println("OK recoveries=" + stream.stats().recoveries());
        } catch (RuntimeException ex) {
            System.out.println("FAILED " + ex);
            System.exit(1);
        }
    }
}
