package dev.zerobus.client;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Run by {@link NativeLoaderProcessTest} in child JVMs, each with its own {@code java.io.tmpdir}. Modes:
 * <ul>
 *   <li>{@code load}: loads the library and prints {@code VERSION <version>} and {@code MAPPED <path>} (the file the
 *       library is mapped from, as {@code /proc/self/maps} shows it);
 *   <li>{@code load-and-wait}: loads, prints {@code READY}, and waits to be killed;
 *   <li>{@code extract-and-wait}: does what the loader does up to the moment before {@link System#load} (an
 *       extraction directory, locked, with the library in it), prints {@code READY <directory>}, and waits to be
 *       killed: a JVM killed in the middle of a load.
 * </ul>
 */
public final class NativeLoaderMain {

    private NativeLoaderMain() {}

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "load" -> {
                System.out.println("VERSION " + NativeBridge.version());
                System.out.println("MAPPED " + mappedLibrary());
            }
            case "load-and-wait" -> {
                System.out.println("VERSION " + NativeBridge.version());
                System.out.println("READY");
                Thread.sleep(120_000);
            }
            case "extract-and-wait" -> {
                NativeExtraction.ProcessDirectory directory =
                        NativeExtraction.ProcessDirectory.create(NativeLoader.extractionBase());
                String resource = NativeLoader.resource(NativeLoader.platform());
                try (InputStream in = NativeLoader.class.getResourceAsStream(resource)) {
                    Files.copy(in, directory.path().resolve(NativeLoader.fileName("linux")));
                }
                System.out.println("READY " + directory.path());
                Thread.sleep(120_000);
            }
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    private static String mappedLibrary() throws Exception {
        try (Stream<String> maps = Files.lines(Path.of("/proc/self/maps"))) {
            return maps.filter((line) -> line.contains("libzerobus_native"))
                    .map((line) -> line.substring(line.indexOf('/')))
                    .findFirst()
                    .orElse("none");
        }
    }
}
