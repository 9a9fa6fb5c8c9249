package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The libraries the jar carries ({@code target/classes/native/<platform>/}, as stripped for the jar) run where they
 * are meant to: linux-x86_64 and linux-aarch64 need at most glibc {@value #GLIBC_FLOOR} (Debian 11, Ubuntu 20.04 and
 * newer), load on Debian bullseye's glibc 2.31 (through {@code rust/cross/platform-test.sh}, which runs code with the
 * dynamic loader of a bullseye sysroot, or under {@code qemu-aarch64 -L} for arm64), and ingest over TLS into the test
 * server from bullseye's own OpenJDK on that glibc (emulated for aarch64). The aarch64 library is an AArch64 ELF with
 * the same exports as the x86-64 one.
 *
 * <p>What this machine cannot do (no qemu-user, no access to Debian's archive for the sysroots) is skipped with the
 * reason, except under CI ({@code CI=true}), where it fails. {@code -Dzerobus.native.skipAarch64=true} (the build
 * then has no aarch64 library) skips the aarch64 tests.
 */
class PlatformLibrariesTest {

    static final String GLIBC_FLOOR = "2.31";

    private static final Path NATIVE_DIR = Path.of(System.getProperty("zerobus.native.dir", "target/classes/native"));
    private static final Path PLATFORM_TEST = Path.of("rust", "cross", "platform-test.sh");
    private static final Pattern GLIBC_VERSION = Pattern.compile("@GLIBC_([0-9.]+)");

    @RegisterExtension
    static final ZerobusTestServerExtension zerobus = new ZerobusTestServerExtension((b) -> b.tls(true));

    // ---- linux-x86_64 --------------------------------------------------------------------------------------------

    @Test
    void x86_64LibraryIsAnX86_64ElfNeedingAtMostTheGlibcFloor() throws Exception {
        Path library = library("linux-x86_64");
        Assumptions.assumeFalse(
                "none".equals(System.getenv("ZEROBUS_SYSROOT")), "ZEROBUS_SYSROOT=none: built on the host's glibc");
        // without the sysroot the build fell back to the host's glibc (it said so): skipped, or failed under CI
        platformTest(120, "check", "amd64");
        assertThat(elfHeader(library))
                .containsEntry("Class", "ELF64")
                .containsEntry("Machine", "Advanced Micro Devices X86-64");
        assertThat(highestGlibc(library))
                .as("highest GLIBC_ version %s needs", library)
                .satisfies(PlatformLibrariesTest::atMostFloor);
    }

    @Test
    void x86_64LibraryLoadsOnBullseyeGlibc() throws Exception {
        Path library = library("linux-x86_64");
        Result result = platformTest(120, "dlopen", "amd64", library.toString());
        assertThat(result.output())
                .as(result.output())
                .startsWith("OK glibc=2.31 ")
                .contains("version=zerobus_native");
    }

    @Test
    void x86_64LibraryIngestsFromABullseyeJvm() throws Exception {
        library("linux-x86_64");
        ingestFromChildJvm("amd64", "amd64", 100, 180);
    }

    // ---- linux-aarch64 -------------------------------------------------------------------------------------------

    @Test
    void aarch64LibraryIsAnAarch64ElfWithTheX86_64LibrarysExports() throws Exception {
        Path aarch64 = aarch64Library();
        assertThat(elfHeader(aarch64))
                .containsEntry("Class", "ELF64")
                .containsEntry("Type", "DYN (Shared object file)")
                .containsEntry("Machine", "AArch64");
        Set<String> exports = exportedFunctions(aarch64);
        assertThat(exports).contains("JNI_OnLoad").allSatisfy((name) -> assertThat(name)
                .matches("JNI_OnLoad|zbn_\\w+"));
        Path x86_64 = NATIVE_DIR.resolve("linux-x86_64/libzerobus_native.so");
        if (Files.isRegularFile(x86_64)) {
            assertThat(exports).isEqualTo(exportedFunctions(x86_64));
        }
    }

    @Test
    void aarch64LibraryNeedsAtMostTheGlibcFloor() throws Exception {
        Path library = aarch64Library();
        assertThat(highestGlibc(library))
                .as("highest GLIBC_ version %s needs", library)
                .satisfies(PlatformLibrariesTest::atMostFloor);
    }

    @Test
    void aarch64LibraryLoadsOnBullseyeGlibcUnderQemu() throws Exception {
        Path library = aarch64Library();
        Result result = platformTest(180, "dlopen", "arm64", library.toString());
        assertThat(result.output())
                .as(result.output())
                .startsWith("OK glibc=2.31 ")
                .contains("version=zerobus_native");
    }

    @Test
    void aarch64LibraryIngestsFromAnEmulatedArm64Jvm() throws Exception {
        aarch64Library();
        ingestFromChildJvm("arm64", "aarch64", 100, 480);
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /**
     * Runs {@link PlatformIngestMain} in bullseye's OpenJDK for {@code debianArch} on bullseye's glibc, with this
     * module's classes (so the library comes from {@code target/classes/native/}), and checks what arrived.
     */
    private static void ingestFromChildJvm(String debianArch, String osArch, int count, int timeoutSeconds)
            throws Exception {
        ZerobusTestServer server = zerobus.server();
        String table = TestStreams.uniqueTable("platform_" + osArch);
        Path tmp = Files.createTempDirectory("zerobus-platform-");
        List<String> args = new ArrayList<>(List.of(
                "java",
                debianArch,
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                System.getProperty("java.class.path"),
                PlatformIngestMain.class.getName(),
                server.endpoint(),
                server.workspaceUrl(),
                server.clientId(),
                table,
                Integer.toString(count),
                server.caCertificatePath().toString()));
        Result result;
        try {
            result = platformTest(timeoutSeconds, args.toArray(String[]::new));
        } finally {
            try (Stream<Path> files = Files.walk(tmp)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach((file) -> file.toFile().delete());
            }
        }
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .as(result.output())
                .containsPattern("RUNTIME os.arch=" + osArch + " java.home=\\S+/usr/lib/jvm/java-17-openjdk-"
                        + debianArch + " libc=\\S+/sysroot/\\S+/libc-2\\.31\\.so library=\\S+libzerobus_native\\.so")
                .contains("OK offset=" + (count - 1));
        TestStreams.assertStoredInOrder(server, table, count);
    }

    private static Path library(String platform) {
        Path library = NATIVE_DIR.resolve(platform).resolve("libzerobus_native.so");
        Assumptions.assumeTrue(
                Files.isRegularFile(library) || isCi(), "no " + library + " (not built on this machine)");
        assertThat(library).isRegularFile();
        return library;
    }

    private static Path aarch64Library() {
        Assumptions.assumeFalse(
                Boolean.getBoolean("zerobus.native.skipAarch64"),
                "-Dzerobus.native.skipAarch64=true: the build has no linux-aarch64 library");
        Path library = NATIVE_DIR.resolve("linux-aarch64/libzerobus_native.so");
        assertThat(library)
                .as("the build cross-builds linux-aarch64 (cross/aarch64.sh)")
                .isRegularFile();
        return library;
    }

    private static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void atMostFloor(String version) {
        assertThat(compareVersions(version, GLIBC_FLOOR))
                .as("GLIBC_%s needed, the floor is %s", version, GLIBC_FLOOR)
                .isLessThanOrEqualTo(0);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int c = Integer.compare(
                    i < x.length ? Integer.parseInt(x[i]) : 0, i < y.length ? Integer.parseInt(y[i]) : 0);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    /** The highest {@code GLIBC_x.y} version among the symbols the library imports (readelf knows every ELF). */
    static String highestGlibc(Path library) throws Exception {
        String symbols =
                run(60, "readelf", "--dyn-syms", "-W", library.toString()).output();
        String highest = "0";
        Matcher matcher = GLIBC_VERSION.matcher(symbols);
        while (matcher.find()) {
            if (compareVersions(matcher.group(1), highest) > 0) {
                highest = matcher.group(1);
            }
        }
        return highest;
    }

    /** The functions the library defines and exports (its dynamic symbol table without the undefined imports). */
    static Set<String> exportedFunctions(Path library) throws Exception {
        Set<String> names = new TreeSet<>();
        for (String line : run(60, "readelf", "--dyn-syms", "-W", library.toString())
                .output()
                .split("\n")) {
            String[] f = line.trim().split("\\s+");
            // Num: Value Size Type Bind Vis Ndx Name
            if (f.length >= 8 && f[3].equals("FUNC") && !f[6].equals("UND") && !f[4].equals("LOCAL")) {
                names.add(f[7].replaceAll("@.*", ""));
            }
        }
        return names;
    }

    /** {@code readelf -h} as field name to value. */
    static java.util.Map<String, String> elfHeader(Path library) throws Exception {
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        for (String line : run(60, "readelf", "-h", library.toString()).output().split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                fields.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        return fields;
    }

    private static Result platformTest(int timeoutSeconds, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", PLATFORM_TEST.toString()));
        command.addAll(List.of(args));
        Result result = run(timeoutSeconds, command.toArray(String[]::new));
        // kept in the test's output file (target/surefire-reports/*-output.txt) as the record of what ran where
        System.out.println("$ "
                + String.join(" ", command).replace(System.getProperty("java.class.path"), "<test class path>") + "\n"
                + result.output());
        if (result.exitCode() == 3) {
            String reason = result.output()
                    .lines()
                    .filter((line) -> line.startsWith("UNAVAILABLE: "))
                    .findFirst()
                    .orElse(result.output());
            if (isCi()) {
                throw new AssertionError("cannot run on this CI machine: " + result.output());
            }
            Assumptions.abort(reason);
        }
        return result;
    }

    record Result(int exitCode, String output) {}

    static Result run(int timeoutSeconds, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ZEROBUS_TEST_CLIENT_SECRET", zerobus.server().clientSecret());
        Process process = builder.start();
        process.getOutputStream().close();
        // read on another thread so that a hung child cannot block the timeout
        java.util.concurrent.CompletableFuture<byte[]> output =
                java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    try {
                        return process.getInputStream().readAllBytes();
                    } catch (IOException ex) {
                        return ("(output unreadable: " + ex + ")").getBytes(StandardCharsets.UTF_8);
                    }
                });
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s: "
                    + new String(output.getNow(new byte[0]), StandardCharsets.UTF_8));
        }
        return new Result(process.exitValue(), new String(output.get(30, TimeUnit.SECONDS), StandardCharsets.UTF_8));
    }
}
