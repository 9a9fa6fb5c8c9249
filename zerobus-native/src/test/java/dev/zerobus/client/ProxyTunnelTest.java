package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The client reaches the service through an HTTP CONNECT proxy named by {@code grpc_proxy}. The native core reads the
 * proxy from the environment (as gRPC does) and Java cannot change its own environment, so the client runs in a child
 * JVM started with the variable set. The endpoint's host is made up: only the proxy (which maps every host to
 * 127.0.0.1) can reach it, so a stored record proves the tunnel was used. Loopback targets bypass proxies, which is why
 * the endpoint is not 127.0.0.1.
 */
@ExtendWith(ZerobusTestServerExtension.class)
class ProxyTunnelTest {

    /** The first label is the workspace id, as in real endpoints, because the token request names it. */
    private static final String PROXIED_HOST = ZerobusTestServer.WORKSPACE_ID + ".zerobus.behind-proxy.test";

    @Test
    void streamsTunnelThroughTheProxyAndReconnectThroughItAfterABreak(ZerobusTestServer server) throws Exception {
        String table = TestStreams.uniqueTable("proxied");
        try (ConnectProxy proxy = new ConnectProxy()) {
            server.faults().breakConnectionAfterRecords(100);

            Result result = runChild(server, proxy, table, 300);

            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("OK recoveries=");
            assertThat(proxy.connectTargets())
                    .as("the first connection and the reconnect after the break")
                    .hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy((target) -> assertThat(target).isEqualTo(PROXIED_HOST + ":" + server.port()));
        }
        TestStreams.assertStoredInOrder(server, table, 300);
    }

    private record Result(int exitCode, String output) {}

    private static Result runChild(ZerobusTestServer server, ConnectProxy proxy, String table, int count)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path")));
        String library = System.getProperty(NativeLoader.LIBRARY_PATH_PROPERTY);
        if (library != null) {
            command.add("-D" + NativeLoader.LIBRARY_PATH_PROPERTY + "=" + library);
        }
        command.addAll(List.of(
                ProxiedIngestMain.class.getName(),
                "http://" + PROXIED_HOST + ":" + server.port(),
                server.workspaceUrl(),
                server.clientId(),
                table,
                Integer.toString(count)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("grpc_proxy", "http://127.0.0.1:" + proxy.port());
        builder.environment().remove("no_proxy");
        builder.environment().remove("NO_PROXY");
        builder.environment().put("ZEROBUS_TEST_CLIENT_SECRET", server.clientSecret());
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(
                    "the proxied client did not finish: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }
}
