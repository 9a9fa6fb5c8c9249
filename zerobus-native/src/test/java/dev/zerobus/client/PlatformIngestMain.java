package dev.zerobus.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Run by {@link PlatformLibrariesTest} in a child JVM that is not the build's: Debian bullseye's OpenJDK on its glibc
 * 2.31, natively for linux-x86_64 and under qemu-user for linux-aarch64. Loads the library from the jar's
 * {@code native/} directory the way an application does, ingests numbered JSON records over TLS into the test server,
 * flushes, closes, and prints what it ran on ({@code RUNTIME os.arch=... libc=... library=...}) and
 * {@code OK offset=<last acked offset>}. Arguments: endpoint, workspace URL, client id, table, record count, CA
 * certificate file; the client secret comes from {@code ZEROBUS_TEST_CLIENT_SECRET}.
 */
public final class PlatformIngestMain {

    private PlatformIngestMain() {}

    public static void main(String[] args) throws IOException {
        String endpoint = args[0];
        String workspaceUrl = args[1];
        String clientId = args[2];
        String table = args[3];
        int count = Integer.parseInt(args[4]);
        Path caCertificate = Path.of(args[5]);
        String secret = System.getenv("ZEROBUS_TEST_CLIENT_SECRET");
        try (ZerobusSdk sdk = ZerobusSdk.builder()
                        .endpoint(endpoint)
                        .workspaceUrl(workspaceUrl)
                        .caCertificate(caCertificate)
                        .build();
                ZerobusStream stream =
                        sdk.createStream(TableProperties.json(table), clientId, secret, TestStreams.fastOptions())) {
            List<String> maps = Files.readAllLines(Path.of("/proc/self/maps"));
            System.out.println("RUNTIME os.arch=" + System.getProperty("os.arch") + " java.home="
                    + System.getProperty("java.home") + " libc=" + mapped(maps, ".*/libc[-.][^/]*") + " library="
                    + mapped(maps, ".*/libzerobus_native[^/]*"));
            RecordAck last = null;
            for (int i = 0; i < count; i++) {
                last = stream.ingestRecord(TestStreams.json(i));
            }
            stream.flush();
            System.out.println("OK offset=" + (last == null ? -1 : last.await()));
        } catch (RuntimeException ex) {
            System.out.println("FAILED " + ex);
            ex.printStackTrace(System.out);
            System.exit(1);
        }
    }

    /** The path of the first mapped file whose path matches {@code regex}. */
    private static String mapped(List<String> maps, String regex) {
        return maps.stream()
                .map((line) -> line.indexOf('/') < 0 ? "" : line.substring(line.indexOf('/')))
                .filter((path) -> path.replace(" (deleted)", "").matches(regex))
                .findFirst()
                .orElse("?");
    }
}
