package dev.zerobus.spring.shutdown;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under load, across processes: the sample-like {@link ShutdownAppMain} in its own JVM, the server
 * ({@link ShutdownServerMain}) in another, 5 sending threads. Every record whose future completed is stored; every
 * record handed to send is stored or reported failed; with acks stalled and a 5 s shutdown timeout the JVM exits
 * within 5 s plus a small margin, having sent nothing twice. One run of each in CI; 3 runs of each with
 * {@code -Dzerobus.shutdown.soak=true}.
 */
class CrossProcessShutdownTests {

    private static final int RUNS = Boolean.getBoolean("zerobus.shutdown.soak") ? 3 : 1;

    /** JVM and Spring teardown after the bounded close, and the stream's end grace. */
    private static final long MARGIN_MILLIS = 3_000;

    @TempDir
    Path temp;

    @Test
    void sigtermUnderLoadLosesNothing() throws Exception {
        for (int run = 1; run <= RUNS; run++) {
            Figures figures = run(false, this.temp.resolve("normal-" + run));
            report("normal run " + run, figures);
            assertThat(figures.failed).as("nothing fails on a clean shutdown").isZero();
        }
    }

    @Test
    void stalledAcksExitWithinTheShutdownTimeout() throws Exception {
        for (int run = 1; run <= RUNS; run++) {
            Figures figures = run(true, this.temp.resolve("stalled-" + run));
            report("stalled run " + run, figures);
            assertThat(figures.exitMillis).isLessThan(5_000 + MARGIN_MILLIS);
            assertThat(figures.failed).as("stalled records fail at the timeout").isPositive();
        }
    }

    private Figures run(boolean stall, Path out) throws Exception {
        Process server = java(ShutdownServerMain.class, List.of(), Map.of(), null);
        try (PrintWriter serverIn = new PrintWriter(server.getOutputStream(), true, StandardCharsets.UTF_8);
                BufferedReader serverOut =
                        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String[] ready = serverOut.readLine().split(" ");
            assertThat(ready[0]).isEqualTo("READY");
            Files.createDirectories(out);
            Path appLog = out.resolve("app.log");
            Process app = java(
                    ShutdownAppMain.class,
                    List.of("-Dout=" + out),
                    Map.of(
                            "ZEROBUS_ENDPOINT", ready[1],
                            "ZEROBUS_WORKSPACEURL", ready[2],
                            "ZEROBUS_CLIENTID", ready[3],
                            "ZEROBUS_CLIENTSECRET", ready[4],
                            "ZEROBUS_SHUTDOWN_FLUSHTIMEOUT", "5s"),
                    appLog);
            // The app's output goes to a file: a pipe nobody reads would block its logging, and so its shutdown.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(appLog).contains("SENDING")) {
                assertThat(app.isAlive())
                        .as("app started: %s", Files.readString(appLog))
                        .isTrue();
                assertThat(System.nanoTime()).as("app started in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            Thread.sleep(3_000);
            if (stall) {
                serverIn.println("stall");
                assertThat(serverOut.readLine()).isEqualTo("OK");
                Thread.sleep(1_000);
            }
            long start = System.nanoTime();
            app.destroy(); // SIGTERM
            assertThat(app.waitFor(60, TimeUnit.SECONDS)).as("app exits").isTrue();
            long exitMillis = (System.nanoTime() - start) / 1_000_000;
            serverIn.println("stats");
            String[] stats = serverOut.readLine().split(" ");
            Path storedFile = out.resolve("stored");
            serverIn.println("dump " + storedFile);
            assertThat(serverOut.readLine()).isEqualTo("OK");
            serverIn.println("quit");
            Figures figures = new Figures(out, storedFile, stats, exitMillis);
            check(figures);
            return figures;
        } finally {
            server.destroyForcibly();
        }
    }

    private static void check(Figures figures) throws IOException {
        assertThat(figures.summary).as("every future had an outcome at close").contains("pending=0");
        Set<String> stored = figures.stored;
        // Set arithmetic: AssertJ's containsAll is quadratic, and these are hundreds of thousands of ids.
        assertThat(missing(figures.ids("acked"), stored))
                .as("acknowledged records not stored")
                .isEmpty();
        Set<String> reported = new HashSet<>(stored);
        reported.addAll(figures.ids("failed"));
        reported.addAll(figures.ids("thrown"));
        assertThat(missing(figures.ids("handed"), reported))
                .as("records handed to send neither stored nor reported failed")
                .isEmpty();
        assertThat(figures.storedRecords - figures.storedDistinct)
                .as("no re-sends")
                .isZero();
    }

    private static List<String> missing(List<String> ids, Set<String> in) {
        return ids.stream().filter(id -> !in.contains(id)).limit(20).toList();
    }

    private static void report(String name, Figures figures) throws IOException {
        String line = name + ": " + figures.summary.trim() + " stored=" + figures.storedDistinct + " requests="
                + figures.requests + " exit=" + figures.exitMillis + "ms";
        System.out.println("SHUTDOWN " + line);
        Files.writeString(
                Path.of("target", "shutdown-figures.txt"),
                line + "\n",
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }

    private static Process java(Class<?> main, List<String> jvmArgs, Map<String, String> env, Path output)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (output != null) {
            builder.redirectOutput(output.toFile());
        }
        builder.environment().putAll(env);
        return builder.start();
    }

    private static final class Figures {

        final Path out;

        final Set<String> stored;

        final long storedRecords;

        final long storedDistinct;

        final long requests;

        final long exitMillis;

        final String summary;

        final long failed;

        Figures(Path out, Path storedFile, String[] stats, long exitMillis) throws IOException {
            this.out = out;
            this.stored = new HashSet<>(Files.readAllLines(storedFile));
            this.storedRecords = Long.parseLong(stats[1]);
            this.storedDistinct = Long.parseLong(stats[2]);
            this.requests = Long.parseLong(stats[3]);
            this.exitMillis = exitMillis;
            this.summary = Files.readString(out.resolve("summary"));
            this.failed = ids("failed").size();
        }

        List<String> ids(String name) throws IOException {
            return Files.readAllLines(this.out.resolve(name));
        }
    }
}
