package dev.zerobus.test;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * Runs a {@link ZerobusTestServer} as its own process (for benchmarks that must not share the client's JVM).
 *
 * <pre>
 * java -cp &lt;classpath&gt; dev.zerobus.test.ZerobusTestServerMain [--tls] [--ack-every-ms N] [--benchmark] [--port P]
 *      [--http-port P] [--client-id ID]
 * </pre>
 *
 * The client secret comes from {@code ZEROBUS_TEST_CLIENT_SECRET} (never printed; generated and unusable by others
 * when unset). Prints one line {@code ZEROBUS_TEST_SERVER endpoint=.. workspaceUrl=.. clientId=.. caCert=<path|->} and
 * serves until stdin closes or the process is killed.
 */
public final class ZerobusTestServerMain {

    static final String SECRET_VARIABLE = "ZEROBUS_TEST_CLIENT_SECRET";

    private ZerobusTestServerMain() {}

    public static void main(String[] args) throws IOException {
        ZerobusTestServer server;
        try {
            server = configure(args, System.getenv(SECRET_VARIABLE)).build();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println("usage: ZerobusTestServerMain [--tls] [--ack-every-ms N] [--benchmark] [--port P]"
                    + " [--http-port P] [--client-id ID]   (secret from " + SECRET_VARIABLE + ")");
            System.exit(2);
            return;
        }
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "zerobus-test-shutdown"));
        System.out.println(readyLine(server));
        System.out.flush();
        waitForEndOfInput(System.in);
        server.close();
    }

    static ZerobusTestServer.Builder configure(String[] args, String secret) {
        ZerobusTestServer.Builder builder = ZerobusTestServer.builder();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--tls" -> builder.tls(true);
                case "--benchmark" -> builder.benchmarkMode(true);
                case "--ack-every-ms" -> {
                    long millis = Long.parseLong(value(args, ++i, "--ack-every-ms"));
                    builder.ackPolicy(millis <= 0 ? AckPolicy.immediate() : AckPolicy.every(Duration.ofMillis(millis)));
                }
                case "--port" -> builder.port(Integer.parseInt(value(args, ++i, "--port")));
                case "--http-port" -> builder.httpPort(Integer.parseInt(value(args, ++i, "--http-port")));
                case "--client-id" -> builder.clientId(value(args, ++i, "--client-id"));
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (secret != null && !secret.isEmpty()) {
            builder.clientSecret(secret);
        }
        return builder;
    }

    static String readyLine(ZerobusTestServer server) {
        return "ZEROBUS_TEST_SERVER endpoint=" + server.endpoint() + " workspaceUrl=" + server.workspaceUrl()
                + " clientId=" + server.clientId() + " caCert="
                + (server.caCertificatePath() == null
                        ? "-"
                        : server.caCertificatePath().toString());
    }

    private static String value(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }

    private static void waitForEndOfInput(InputStream in) throws IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // keep serving; input is ignored
        }
    }
}
