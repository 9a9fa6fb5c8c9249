package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader in real JVMs ({@link NativeLoaderMain}), each with a private {@code java.io.tmpdir}: what it leaves
 * behind after a normal exit and after a kill, the {@code zerobus.native.extractDir} and {@code zerobus.native.library}
 * overrides, and the JDK 24+ native-access warning.
 */
class NativeLoaderProcessTest {

    @TempDir
    Path tmp;

    @Test
    void aNormalRunLeavesNothingInTheTemporaryDirectory() throws Exception {
        Result result = run(List.of(), "load");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).contains("VERSION zerobus_native");
        assertThat(result.line("MAPPED"))
                .as("extracted into a directory of the process, deleted once loaded")
                .startsWith(this.tmp
                        .toRealPath()
                        .resolve(NativeExtraction.DIRECTORY_PREFIX + result.pid() + "-")
                        .toString())
                .endsWith("(deleted)");
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void aJvmKilledAfterLoadingLeavesNothing() throws Exception {
        try (Child child = start(List.of(), "load-and-wait")) {
            child.awaitReady();
            assertThat(leftovers(this.tmp)).as("deleted right after loading").isEmpty();
            child.kill();
        }
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void whatAJvmKilledDuringExtractionLeftIsRemovedByTheNextLoadButNotWhileItRuns() throws Exception {
        Path left;
        try (Child child = start(List.of(), "extract-and-wait")) {
            left = Path.of(child.awaitReady().substring("READY ".length()));
            assertThat(left.resolve("libzerobus_native.so")).exists();
            makeOld(left);

            Result whileAlive = run(List.of(), "load");
            assertThat(whileAlive.exitCode()).as(whileAlive.output()).isZero();
            assertThat(left).as("its process holds the lock").exists();

            child.kill();
        }
        assertThat(left).as("a killed JVM cannot clean up after itself").exists();

        Result next = run(List.of(), "load");

        assertThat(next.exitCode()).as(next.output()).isZero();
        assertThat(left).doesNotExist();
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void directoriesOfOlderLoadersAreRemovedOnceOld() throws Exception {
        Path old = Files.createDirectory(this.tmp.resolve("zerobus-native-1234567890123"));
        Files.write(old.resolve("libzerobus_native.so"), new byte[1024]);
        Path young = Files.createDirectory(this.tmp.resolve("zerobus-native-2345678901234"));
        makeOld(old);

        Result result = run(List.of(), "load");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(old).doesNotExist();
        assertThat(young).as("might be one being created right now").exists();
    }

    @Test
    void extractsUnderTheConfiguredDirectory() throws Exception {
        Path extractDir = this.tmp.resolve("native").resolve("nested");

        Result result = run(List.of("-D" + NativeLoader.EXTRACT_DIR_PROPERTY + "=" + extractDir), "load");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.line("MAPPED")).startsWith(extractDir.toString() + "/" + NativeExtraction.DIRECTORY_PREFIX);
        assertThat(leftovers(extractDir)).isEmpty();
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void loadsTheNamedLibraryAsItIs() throws Exception {
        Path library = Files.createDirectory(this.tmp.resolve("mine")).resolve("libzerobus_native.so");
        try (var in = NativeLoader.class.getResourceAsStream(NativeLoader.resource(NativeLoader.platform()))) {
            Files.copy(in, library);
        }

        Result result = run(List.of("-D" + NativeLoader.LIBRARY_PATH_PROPERTY + "=" + library), "load");

        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.line("MAPPED")).isEqualTo(library.toString());
        assertThat(library).as("a file the user named is never deleted").exists();
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void aMissingNamedLibraryFailsClearly() throws Exception {
        Path missing = this.tmp.resolve("nowhere").resolve("libzerobus_native.so");

        Result result = run(List.of("-D" + NativeLoader.LIBRARY_PATH_PROPERTY + "=" + missing), "load");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.output())
                .contains("UnsatisfiedLinkError")
                .contains("-Dzerobus.native.library names " + missing + ", which is not a file");
    }

    @Test
    void onJdk24AndLaterEnableNativeAccessSilencesTheRestrictedMethodWarning() throws Exception {
        Optional<Path> java = newerJava();
        assumeTrue(java.isPresent(), "no JDK 24+ under /usr/lib/jvm");

        Result without = run(java.get(), List.of(), "load");
        Result with = run(java.get(), List.of("--enable-native-access=ALL-UNNAMED"), "load");

        assertThat(without.exitCode()).as(without.output()).isZero();
        assertThat(without.output())
                .contains("WARNING: A restricted method in java.lang.System has been called")
                .contains("--enable-native-access=ALL-UNNAMED");
        assertThat(with.exitCode()).as(with.output()).isZero();
        assertThat(with.output()).contains("VERSION zerobus_native").doesNotContain("WARNING");
        assertThat(leftovers(this.tmp)).isEmpty();
    }

    @Test
    void onJdk24AndLaterAnExecutableJarCanEnableNativeAccessInItsManifest() throws Exception {
        Optional<Path> java = newerJava();
        assumeTrue(java.isPresent(), "no JDK 24+ under /usr/lib/jvm");
        Path withAttribute = executableJar("with.jar", true);
        Path without = executableJar("without.jar", false);

        Result enabled = run(java.get(), List.of(), List.of("-jar", withAttribute.toString(), "load"));
        Result plain = run(java.get(), List.of(), List.of("-jar", without.toString(), "load"));

        assertThat(enabled.exitCode()).as(enabled.output()).isZero();
        assertThat(enabled.output()).contains("VERSION zerobus_native").doesNotContain("WARNING");
        assertThat(plain.exitCode()).as(plain.output()).isZero();
        assertThat(plain.output()).contains("WARNING: A restricted method in java.lang.System has been called");
    }

    /** A jar whose manifest starts {@link NativeLoaderMain} with this test's class path, as an application's would. */
    private Path executableJar(String name, boolean enableNativeAccess) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.put(Attributes.Name.MAIN_CLASS, NativeLoaderMain.class.getName());
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            urls.add(Path.of(entry).toUri().toString());
        }
        main.put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        if (enableNativeAccess) {
            main.putValue("Enable-Native-Access", "ALL-UNNAMED");
        }
        Path jar = this.tmp.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            out.flush();
        }
        return jar;
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static List<Path> leftovers(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter((p) -> p.getFileName().toString().startsWith(NativeExtraction.DIRECTORY_PREFIX))
                    .toList();
        }
    }

    /** Backdates a directory and its lock file past the loader's grace period. */
    private static void makeOld(Path directory) throws IOException {
        FileTime old = FileTime.from(Instant.now().minus(NativeExtraction.GRACE).minusSeconds(60));
        Path lock = directory.resolve(NativeExtraction.LOCK_FILE);
        if (Files.exists(lock)) {
            Files.setLastModifiedTime(lock, old);
        }
        Files.setLastModifiedTime(directory, old);
    }

    private static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /** A JDK 24 or later beside the one running the tests (Temurin 25 on the build machines), if any. */
    private static Optional<Path> newerJava() throws IOException {
        Path jvms = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvms)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(jvms)) {
            return homes.filter((home) -> Files.isExecutable(home.resolve("bin/java")))
                    .filter((home) -> featureVersion(home) >= 24)
                    .map((home) -> home.resolve("bin/java"))
                    .sorted()
                    .findFirst();
        }
    }

    private static int featureVersion(Path home) {
        try {
            for (String line : Files.readAllLines(home.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String version = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    return Integer.parseInt(version.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException ex) {
            // not a JDK we can tell
        }
        return 0;
    }

    private record Result(int exitCode, String output, long pid) {

        String line(String prefix) {
            return output.lines()
                    .filter((l) -> l.startsWith(prefix + " "))
                    .map((l) -> l.substring(prefix.length() + 1))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + prefix + " line in: " + output));
        }
    }

    private Result run(List<String> jvmArgs, String mode) throws Exception {
        return run(currentJava(), jvmArgs, mode);
    }

    private Result run(Path java, List<String> jvmArgs, String mode) throws Exception {
        return run(
                java,
                jvmArgs,
                List.of("-cp", System.getProperty("java.class.path"), NativeLoaderMain.class.getName(), mode));
    }

    private Result run(Path java, List<String> jvmArgs, List<String> launch) throws Exception {
        Process process = builder(java, jvmArgs, launch).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child did not finish: " + new String(output, StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8), process.pid());
    }

    private Child start(List<String> jvmArgs, String mode) throws IOException {
        Process process = builder(
                        currentJava(),
                        jvmArgs,
                        List.of("-cp", System.getProperty("java.class.path"), NativeLoaderMain.class.getName(), mode))
                .start();
        process.getOutputStream().close();
        return new Child(process);
    }

    private ProcessBuilder builder(Path java, List<String> jvmArgs, List<String> launch) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.add("-Djava.io.tmpdir=" + this.tmp);
        command.addAll(jvmArgs);
        command.addAll(launch);
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private static final class Child implements AutoCloseable {

        private final Process process;

        private final BufferedReader output;

        private final StringBuilder seen = new StringBuilder();

        Child(Process process) {
            this.process = process;
            this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        String awaitReady() throws IOException {
            String line;
            while ((line = this.output.readLine()) != null) {
                this.seen.append(line).append('\n');
                if (line.startsWith("READY")) {
                    return line;
                }
            }
            throw new AssertionError("the child ended before it was ready: " + this.seen);
        }

        void kill() throws InterruptedException {
            this.process.destroyForcibly();
            assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }

        @Override
        public void close() throws Exception {
            if (this.process.isAlive()) {
                kill();
            }
            this.output.close();
        }
    }
}
