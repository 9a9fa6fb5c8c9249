package dev.zerobus.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The Zerobus test server in its own JVM ({@code dev.zerobus.test.ZerobusTestServerMain} in benchmark mode), so that
 * its CPU is never charged to a client. It serves until its stdin closes.
 */
final class TestServerProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "dev.zerobus.test.ZerobusTestServerMain";
    private static final String READY_PREFIX = "ZEROBUS_TEST_SERVER ";
    private static final String SECRET_ENV = "ZEROBUS_TEST_CLIENT_SECRET";

    private final Process process;
    private final ServerConnection connection;

    private TestServerProcess(Process process, ServerConnection connection) {
        this.process = process;
        this.connection = connection;
    }

    static TestServerProcess start(List<String> jvmArgs, AckMode ackMode, String clientId, String clientSecret)
            throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("--benchmark", "--client-id", clientId));
        if (ackMode.everyMillis() > 0) {
            args.add("--ack-every-ms");
            args.add(Integer.toString(ackMode.everyMillis()));
        }
        ProcessBuilder builder = new ProcessBuilder(JavaProcesses.command(jvmArgs, List.of(), MAIN_CLASS, args))
                .redirectErrorStream(true);
        builder.environment().put(SECRET_ENV, clientSecret);
        Process process = builder.start();
        CompletableFuture<Map<String, String>> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> forwardOutput(process, ready), "server-output");
        reader.setDaemon(true);
        reader.start();
        try {
            Map<String, String> fields = ready.get(60, TimeUnit.SECONDS);
            return new TestServerProcess(
                    process,
                    new ServerConnection(
                            fields.get("endpoint"), fields.get("workspaceUrl"), fields.get("clientId"), clientSecret));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the test server did not start (ack mode " + ackMode.label() + ")", e);
        }
    }

    ServerConnection connection() {
        return connection;
    }

    @Override
    public void close() throws InterruptedException {
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static void forwardOutput(Process process, CompletableFuture<Map<String, String>> ready) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (!ready.isDone() && line.startsWith(READY_PREFIX)) {
                    ready.complete(parseFields(line.substring(READY_PREFIX.length())));
                } else {
                    System.err.println("[server] " + line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        if (!ready.isDone()) {
            ready.completeExceptionally(new IOException("the test server exited with " + exitCode(process)));
        }
    }

    static Map<String, String> parseFields(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : text.trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return fields;
    }

    private static String exitCode(Process process) {
        try {
            return Integer.toString(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
