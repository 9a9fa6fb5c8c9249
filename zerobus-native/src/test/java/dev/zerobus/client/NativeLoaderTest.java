package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zerobus.client.NativeLoader.Libc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform detection, the loader's messages, and stale-directory decisions, without starting a JVM. */
class NativeLoaderTest {

    private static final Predicate<String> BOTH_LINUX = Set.of("linux-x86_64", "linux-aarch64")::contains;

    @Test
    void mapsTheJvmsArchitectureNames() {
        assertThat(NativeLoader.resolvePlatform("Linux", "amd64", Libc.GLIBC, BOTH_LINUX))
                .isEqualTo("linux-x86_64");
        assertThat(NativeLoader.resolvePlatform("Linux", "x86_64", Libc.UNKNOWN, BOTH_LINUX))
                .isEqualTo("linux-x86_64");
        assertThat(NativeLoader.resolvePlatform("Linux", "aarch64", Libc.GLIBC, BOTH_LINUX))
                .isEqualTo("linux-aarch64");
        assertThat(NativeLoader.resolvePlatform("Linux", "arm64", Libc.GLIBC, BOTH_LINUX))
                .isEqualTo("linux-aarch64");
    }

    @Test
    void thisJarCarriesTheLibraryForThisMachine() {
        assertThat(NativeLoader.resolvePlatform(
                        System.getProperty("os.name"),
                        System.getProperty("os.arch"),
                        Libc.detect(),
                        (p) -> NativeLoader.class.getResource(NativeLoader.resource(p)) != null))
                .isEqualTo("linux-x86_64");
    }

    @Test
    void muslIsRefusedWithAMessageNamingWhatIsSupported() {
        assertThatThrownBy(() -> NativeLoader.resolvePlatform("Linux", "amd64", Libc.MUSL, BOTH_LINUX))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("does not support musl libc")
                .hasMessageContaining("Alpine")
                .hasMessageContaining("Supported platforms: linux-x86_64 (glibc), linux-aarch64 (glibc)")
                .hasMessageContaining("-Dzerobus.native.library=");
    }

    @Test
    void anUnsupportedPlatformIsRefusedWithWhatTheJarCarries() {
        assertThatThrownBy(() -> NativeLoader.resolvePlatform("Linux", "riscv64", Libc.GLIBC, BOTH_LINUX))
                .isInstanceOf(UnsatisfiedLinkError.class)
                .hasMessageContaining("no native library for platform 'linux-riscv64'")
                .hasMessageContaining("This jar carries: linux-x86_64 (glibc), linux-aarch64 (glibc)");
        assertThatThrownBy(() -> NativeLoader.resolvePlatform("Mac OS X", "aarch64", Libc.UNKNOWN, BOTH_LINUX))
                .hasMessageContaining("'osx-aarch64'")
                .hasMessageContaining("libzerobus_native.dylib");
        assertThatThrownBy(() -> NativeLoader.resolvePlatform("Windows 11", "amd64", Libc.UNKNOWN, (p) -> false))
                .hasMessageContaining("'windows-x86_64'")
                .hasMessageContaining("This jar carries: none");
    }

    @Test
    void tellsTheCLibraryFromTheJvmsOwnMappings() {
        assertThat(Libc.fromMappings(Stream.of(
                        "7f00-7f10 r-xp 00000000 08:01 12 /usr/lib/jvm/lib/server/libjvm.so",
                        "7f20-7f30 r-xp 00000000 08:01 13 /lib/ld-musl-x86_64.so.1")))
                .isEqualTo(Libc.MUSL);
        assertThat(Libc.fromMappings(Stream.of(
                        "7f20-7f30 r-xp 00000000 08:01 13 /usr/lib/x86_64-linux-gnu/libc.so.6",
                        "7f40-7f50 r-xp 00000000 08:01 14 /usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2")))
                .isEqualTo(Libc.GLIBC);
        assertThat(Libc.fromMappings(Stream.of("7f00-7f10 r-xp 00000000 00:00 0 [vdso]")))
                .isEqualTo(Libc.UNKNOWN);
        assertThat(Libc.detect()).as("this machine").isEqualTo(Libc.GLIBC);
    }

    @Test
    void tellsMuslFromTheInstalledLoader(@TempDir Path lib) throws Exception {
        assertThat(Libc.fromLoaderFiles(lib)).isEqualTo(Libc.UNKNOWN);
        Files.createFile(lib.resolve("ld-musl-aarch64.so.1"));
        assertThat(Libc.fromLoaderFiles(lib)).isEqualTo(Libc.MUSL);
    }

    @Test
    void readsThePidFromADirectoryName() {
        assertThat(NativeExtraction.pidOf("zerobus-native-4242-1234567")).contains(4242L);
        assertThat(NativeExtraction.pidOf("zerobus-native-1234567")).isEmpty();
        assertThat(NativeExtraction.pidOf("something-else")).isEmpty();
        assertThat(NativeExtraction.ownerAlive(
                        Path.of("zerobus-native-" + ProcessHandle.current().pid() + "-1")))
                .isTrue();
    }

    @Test
    void keepsDirectoriesLockedByThisJvmAndRemovesUnlockedOldOnes(@TempDir Path base) throws Exception {
        NativeExtraction.ProcessDirectory mine = NativeExtraction.ProcessDirectory.create(base);
        Path unlocked = Files.createDirectory(base.resolve("zerobus-native-1-999"));
        Files.createFile(unlocked.resolve(NativeExtraction.LOCK_FILE));
        Files.createFile(unlocked.resolve("libzerobus_native.so"));
        Path notOurs = Files.createDirectory(base.resolve("unrelated"));
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        for (Path p : new Path[] {
            mine.path(),
            mine.path().resolve(NativeExtraction.LOCK_FILE),
            unlocked,
            unlocked.resolve(NativeExtraction.LOCK_FILE),
            notOurs
        }) {
            Files.setLastModifiedTime(p, old);
        }

        NativeExtraction.removeStale(base);

        assertThat(mine.path()).exists();
        assertThat(unlocked).doesNotExist();
        assertThat(notOurs).exists();
        assertThat(mine.delete()).isTrue();
        assertThat(mine.path()).doesNotExist();
    }
}
