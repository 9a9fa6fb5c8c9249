package dev.zerobus.client;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Loads {@code libzerobus_native} once per class loader (through {@link NativeBridge}'s static initializer).
 *
 * <h2>Where the library comes from</h2>
 *
 * <ul>
 *   <li>{@code -Dzerobus.native.library=/path/to/libzerobus_native.so} ({@value #LIBRARY_PATH_PROPERTY}): that file is
 *       loaded as it is, without a platform check and without extraction. Use it for a platform the jar does not carry
 *       (build the Rust core in {@code zerobus-native/rust} yourself), or to profile and debug with symbols.
 *   <li>Otherwise the jar's {@code native/<os>-<arch>/libzerobus_native.so} is extracted (a library cannot be loaded
 *       from inside a jar) into a directory of this process, {@code zerobus-native-<pid>-<random>}, created under
 *       {@code -Dzerobus.native.extractDir=/dir} ({@value #EXTRACT_DIR_PROPERTY}; created if missing) or else under
 *       {@code java.io.tmpdir}. Point the extraction directory elsewhere when the temporary directory is mounted
 *       {@code noexec} or is shared and small.
 * </ul>
 *
 * <h2>Platforms</h2>
 *
 * <p>The jar carries {@code linux-x86_64} and {@code linux-aarch64} libraries, linked against glibc ({@code os.arch}
 * {@code amd64}/{@code x86_64} and {@code aarch64}/{@code arm64}). On musl-based systems (Alpine Linux) and on
 * platforms the jar carries no library for, loading fails at once with an {@link UnsatisfiedLinkError} that says so
 * and names the platforms the jar carries, instead of an obscure {@code dlopen} error. musl is recognised from the C
 * library mapped into this JVM ({@code /proc/self/maps}), or else from the presence of {@code /lib/ld-musl-*.so.1}.
 *
 * <h2>Clean-up</h2>
 *
 * <p>Nothing is left behind by a normal run: on Linux and macOS the extracted file and its directory are deleted right
 * after {@link System#load} (a loaded library stays mapped). Where the operating system does not allow that (Windows),
 * they are deleted when the JVM exits. A JVM that is killed during extraction, or whose files could not be deleted,
 * leaves its directory behind: each directory holds a lock file that its process keeps locked, and the next load
 * removes every {@code zerobus-native-*} directory under the same parent whose lock is free (its process is gone).
 *
 * <h2>JDK 24 and later</h2>
 *
 * <p>Loading a JNI library is a restricted operation (JEP 472): the JVM prints a warning unless native access is
 * enabled for the caller. Start the JVM with {@code --enable-native-access=ALL-UNNAMED} (class path), or
 * {@code --enable-native-access=dev.zerobus.client} when this jar is on the module path (its automatic module name).
 * An executable jar (such as a Spring Boot fat jar) can instead carry {@code Enable-Native-Access: ALL-UNNAMED} in its
 * own manifest; the JVM reads that attribute from the main jar only, so this jar does not carry it. See
 * {@code docs/platforms.md}.
 */
final class NativeLoader {

    /** System property naming a library file to load instead of the one carried in the jar. */
    static final String LIBRARY_PATH_PROPERTY = "zerobus.native.library";

    /** System property naming the directory under which the jar's library is extracted. */
    static final String EXTRACT_DIR_PROPERTY = "zerobus.native.extractDir";

    static final String LIBRARY_NAME = "zerobus_native";

    /** Every platform directory this loader knows how to name; the jar carries some of them. */
    static final List<String> KNOWN_PLATFORMS =
            List.of("linux-x86_64", "linux-aarch64", "osx-x86_64", "osx-aarch64", "windows-x86_64", "windows-aarch64");

    private static final System.Logger LOG = System.getLogger(NativeLoader.class.getName());

    private static volatile boolean loaded;

    private NativeLoader() {}

    static synchronized void load() {
        if (loaded) {
            return;
        }
        String explicit = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            loadExplicit(Path.of(explicit.strip()).toAbsolutePath());
        } else {
            String platform = resolvePlatform(
                    System.getProperty("os.name", ""),
                    System.getProperty("os.arch", ""),
                    Libc.detect(),
                    NativeLoader::carries);
            loadFromJar(platform);
        }
        loaded = true;
    }

    /** The platform directory name of this JVM, e.g. {@code linux-x86_64}, without any libc or availability check. */
    static String platform() {
        return os(System.getProperty("os.name", "")) + "-" + arch(System.getProperty("os.arch", ""));
    }

    /**
     * The platform directory to load from, or an {@link UnsatisfiedLinkError} saying why there is none.
     *
     * @param carried tells whether the jar has a library for a platform directory name
     */
    static String resolvePlatform(String osName, String osArch, Libc libc, Predicate<String> carried) {
        String os = os(osName);
        String platform = os + "-" + arch(osArch);
        if (os.equals("linux") && libc == Libc.MUSL) {
            throw new UnsatisfiedLinkError("zerobus-native does not support musl libc (this JVM runs on musl, as on"
                    + " Alpine Linux): its native libraries are built for glibc-based Linux. Supported platforms: "
                    + describeCarried(carried) + ". Run on a glibc-based image (Debian, Ubuntu, RHEL/UBI, Amazon"
                    + " Linux, e.g. eclipse-temurin:17-jre), or build the Rust core (zerobus-native/rust) for musl"
                    + " yourself and set -D" + LIBRARY_PATH_PROPERTY + "=<path to libzerobus_native.so>. See"
                    + " docs/platforms.md.");
        }
        if (!carried.test(platform)) {
            throw new UnsatisfiedLinkError(
                    "zerobus-native has no native library for platform '" + platform + "' (os.name="
                            + osName + ", os.arch=" + osArch + "). This jar carries: " + describeCarried(carried)
                            + ". Build the Rust core (zerobus-native/rust) for this platform and set -D"
                            + LIBRARY_PATH_PROPERTY + "=<path to " + fileName(os) + ">. See docs/platforms.md.");
        }
        return platform;
    }

    private static String describeCarried(Predicate<String> carried) {
        List<String> platforms = new ArrayList<>();
        for (String platform : KNOWN_PLATFORMS) {
            if (carried.test(platform)) {
                platforms.add(platform + (platform.startsWith("linux-") ? " (glibc)" : ""));
            }
        }
        return platforms.isEmpty() ? "none (the jar has no native/ directory)" : String.join(", ", platforms);
    }

    static String resource(String platform) {
        return "/native/" + platform + "/" + fileName(platform.substring(0, platform.indexOf('-')));
    }

    private static boolean carries(String platform) {
        return platform.indexOf('-') > 0 && NativeLoader.class.getResource(resource(platform)) != null;
    }

    private static void loadExplicit(Path library) {
        if (!Files.isRegularFile(library)) {
            throw new UnsatisfiedLinkError("-D" + LIBRARY_PATH_PROPERTY + " names " + library
                    + ", which is not a file. Point it at a libzerobus_native library, or remove it to load the one"
                    + " carried in the jar.");
        }
        try {
            System.load(library.toString());
        } catch (UnsatisfiedLinkError ex) {
            throw explain(ex, library + " (from -D" + LIBRARY_PATH_PROPERTY + ")");
        }
        LOG.log(System.Logger.Level.DEBUG, "zerobus-native: loaded {0}", library);
    }

    private static void loadFromJar(String platform) {
        String resource = resource(platform);
        Path base = extractionBase();
        NativeExtraction.removeStale(base);
        NativeExtraction.ProcessDirectory directory;
        try {
            directory = NativeExtraction.ProcessDirectory.create(base);
        } catch (IOException | UncheckedIOException ex) {
            throw linkError(
                    "Could not create a directory under " + base + " to extract " + resource + " into (set -D"
                            + EXTRACT_DIR_PROPERTY + "=<writable directory>): " + ex,
                    ex);
        }
        Path library = directory.path().resolve(fileName(os(System.getProperty("os.name", ""))));
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("zerobus-native: " + resource + " disappeared from the class path");
            }
            Files.copy(in, library);
        } catch (IOException ex) {
            directory.delete();
            throw linkError("Could not extract " + resource + " to " + library + ": " + ex, ex);
        } catch (RuntimeException | Error ex) {
            directory.delete();
            throw ex;
        }
        try {
            System.load(library.toString());
        } catch (UnsatisfiedLinkError ex) {
            directory.delete();
            throw explain(ex, resource + " (extracted to " + library + ")");
        }
        directory.afterLoad();
        LOG.log(System.Logger.Level.DEBUG, "zerobus-native: loaded {0} from {1}", resource, library);
    }

    static Path extractionBase() {
        String configured = System.getProperty(EXTRACT_DIR_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured.strip()).toAbsolutePath();
        }
        return Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
    }

    private static UnsatisfiedLinkError explain(UnsatisfiedLinkError ex, String what) {
        String message = String.valueOf(ex.getMessage());
        StringBuilder text = new StringBuilder("zerobus-native: could not load ")
                .append(what)
                .append(": ")
                .append(message);
        if (message.contains("GLIBC_")) {
            text.append(". This system's glibc is older than the library needs; see docs/platforms.md for the floor.");
        } else if (message.contains("failed to map segment") || message.contains("Operation not permitted")) {
            text.append(". The directory may be mounted noexec: set -D")
                    .append(EXTRACT_DIR_PROPERTY)
                    .append("=<a directory that allows executables>.");
        } else if (message.contains("wrong ELF class") || message.contains("cannot open shared object")) {
            text.append(". See docs/platforms.md for the supported platforms.");
        }
        return linkError(text.toString(), ex);
    }

    private static UnsatisfiedLinkError linkError(String message, Throwable cause) {
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(message);
        error.initCause(cause);
        return error;
    }

    static String fileName(String os) {
        return switch (os) {
            case "osx" -> "lib" + LIBRARY_NAME + ".dylib";
            case "windows" -> LIBRARY_NAME + ".dll";
            default -> "lib" + LIBRARY_NAME + ".so";
        };
    }

    static String os(String osName) {
        String name = osName.toLowerCase(Locale.ROOT);
        if (name.contains("linux")) {
            return "linux";
        }
        if (name.contains("mac") || name.contains("darwin")) {
            return "osx";
        }
        if (name.contains("windows")) {
            return "windows";
        }
        return name.replaceAll("[^a-z0-9]", "");
    }

    static String arch(String osArch) {
        String arch = osArch.toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x64", "x86-64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch.replaceAll("[^a-z0-9_]", "");
        };
    }

    /** The C library this JVM runs on, as far as Linux lets us tell. */
    enum Libc {
        GLIBC,
        MUSL,
        UNKNOWN;

        static Libc detect() {
            if (!os(System.getProperty("os.name", "")).equals("linux")) {
                return UNKNOWN;
            }
            Libc mapped = UNKNOWN;
            try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
                mapped = fromMappings(maps);
            } catch (IOException | UncheckedIOException | SecurityException ex) {
                // no /proc (or not readable): fall back to the files below
            }
            if (mapped != UNKNOWN) {
                return mapped;
            }
            return fromLoaderFiles(Path.of("/lib"));
        }

        /** Decides from the lines of {@code /proc/self/maps}: the C library the JVM itself runs on. */
        static Libc fromMappings(Stream<String> lines) {
            boolean glibc = false;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.contains("/ld-musl-") || line.contains("/libc.musl-")) {
                    return MUSL;
                }
                if (line.contains("/libc.so.6") || line.contains("/libc-2.") || line.contains("/ld-linux")) {
                    glibc = true;
                }
            }
            return glibc ? GLIBC : UNKNOWN;
        }

        /** Decides from the dynamic loaders installed in {@code lib}: {@code ld-musl-<arch>.so.1} means musl. */
        static Libc fromLoaderFiles(Path lib) {
            try (Stream<Path> files = Files.list(lib)) {
                return files.anyMatch((p) -> {
                            String name = p.getFileName().toString();
                            return name.startsWith("ld-musl-") && name.endsWith(".so.1");
                        })
                        ? MUSL
                        : UNKNOWN;
            } catch (IOException | UncheckedIOException | SecurityException ex) {
                return UNKNOWN;
            }
        }
    }
}
