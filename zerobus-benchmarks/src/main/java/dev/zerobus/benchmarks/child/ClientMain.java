package dev.zerobus.benchmarks.child;

import dev.zerobus.benchmarks.AckMode;
import dev.zerobus.benchmarks.Measurement;
import dev.zerobus.benchmarks.Scenario;
import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.benchmarks.Variant;
import dev.zerobus.benchmarks.clients.ClientSetup;
import dev.zerobus.benchmarks.clients.IngestClient;
import java.time.Duration;

/**
 * Entry point of one client process: opens the streams of one scenario, warms up, measures, and prints one
 * {@link Measurement} line on stdout. Started by {@code BenchmarkRunner}; settings come as system properties, the
 * client secret from the environment.
 */
public final class ClientMain {

    public static final String SECRET_ENV = "ZEROBUS_BENCH_CLIENT_SECRET";

    private ClientMain() {}

    public static void main(String[] args) throws Exception {
        Variant variant = Variant.parse(property("bench.variant"));
        ServerConnection server = new ServerConnection(
                property("bench.endpoint"), property("bench.workspaceUrl"), property("bench.clientId"), secret());
        // The ack mode only names the server's behaviour; the client does not need it.
        Scenario scenario = new Scenario(
                variant,
                Integer.parseInt(property("bench.recordBytes")),
                Integer.parseInt(property("bench.streams")),
                Integer.parseInt(property("bench.threads")),
                AckMode.IMMEDIATE,
                Integer.parseInt(property("bench.pacedRate")));
        ClientRun run = new ClientRun(
                scenario,
                Duration.ofMillis(Long.parseLong(property("bench.warmupMillis"))),
                Duration.ofMillis(Long.parseLong(property("bench.measureMillis"))));
        ClientSetup setup = new ClientSetup(
                server,
                property("bench.table"),
                Integer.parseInt(property("bench.maxInflight")),
                scenario.streams(),
                variant);
        Measurement measurement = run.execute(newClient(variant), setup);
        System.out.println(measurement.toLine());
        System.out.flush();
        // The official SDK leaves non-daemon native threads behind; the result is out, so leave without waiting.
        System.exit(0);
    }

    public static IngestClient newClient(Variant variant) throws ReflectiveOperationException {
        return (IngestClient) Class.forName(variant.client().adapterClassName())
                .getDeclaredConstructor()
                .newInstance();
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("system property " + name + " is required");
        }
        return value;
    }

    private static String secret() {
        String secret = System.getenv(SECRET_ENV);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("environment variable " + SECRET_ENV + " is required");
        }
        return secret;
    }
}
