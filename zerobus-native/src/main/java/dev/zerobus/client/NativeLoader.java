package dev.zerobus.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads {@code libzerobus_native} once per class loader: from the file named by the system property
 * {@value #LIBRARY_PATH_PROPERTY} when set, otherwise from the jar's {@code native/<os>-<arch>/} resource, extracted to
 * a temporary file (a library cannot be loaded from inside a jar).
 */
final class NativeLoader {

    /** System property naming a library file to load instead of the one carried in the jar. */
    static final String LIBRARY_PATH_PROPERTY = "zerobus.native.library";

    private static final String LIBRARY_NAME = "zerobus_native";

    private static volatile boolean loaded;

    private NativeLoader() {}

    static synchronized void load() {
        if (loaded) {
            return;
        }
        String explicit = System.getProperty(LIBRARY_PATH_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            System.load(Path.of(explicit).toAbsolutePath().toString());
        } else {
            loadFromJar(platform());
        }
        loaded = true;
    }

    static String platform() {
        return os() + "-" + arch();
    }

    private static void loadFromJar(String platform) {
        String fileName = System.mapLibraryName(LIBRARY_NAME);
        String resource = "/native/" + platform + "/" + fileName;
        try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new UnsatisfiedLinkError("zerobus-native has no native library for platform '" + platform
                        + "' (looked for " + resource + "). Supported: linux-x86_64. Build the Rust core for this"
                        + " platform (zerobus-native/rust) and point -D" + LIBRARY_PATH_PROPERTY
                        + "=<path to " + fileName + "> at it.");
            }
            Path dir = Files.createTempDirectory("zerobus-native-");
            Path target = dir.resolve(fileName);
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            target.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            System.load(target.toAbsolutePath().toString());
        } catch (IOException ex) {
            UnsatisfiedLinkError error =
                    new UnsatisfiedLinkError("Could not extract " + resource + " to a temporary file: " + ex);
            error.initCause(ex);
            throw error;
        }
    }

    private static String os() {
        String name = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
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

    private static String arch() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64", "x64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch.replaceAll("[^a-z0-9_]", "");
        };
    }
}
