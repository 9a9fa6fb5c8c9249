package dev.zerobus.spring.shutdown;

import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.StreamStatistics;
import dev.zerobus.test.ZerobusTestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The server of the cross-process shutdown test, in its own JVM. Prints {@code READY <endpoint> <workspaceUrl>
 * <clientId> <clientSecret>} and then answers commands on stdin: {@code stall} (accept records, never acknowledge),
 * {@code stats} ({@code STATS <records> <distinct> <requests>}), {@code dump <file>} (the distinct stored ids),
 * {@code quit}.
 */
public final class ShutdownServerMain {

    static final String TABLE = "main.shutdown.records";

    private ShutdownServerMain() {}

    public static void main(String[] args) throws Exception {
        ZerobusTestServer server = ZerobusTestServer.builder()
                .recordKey(ShutdownServerMain::id)
                .build()
                .start();
        System.out.println("READY " + server.endpoint() + " " + server.workspaceUrl() + " " + server.clientId() + " "
                + server.clientSecret());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] command = line.trim().split(" ", 2);
            switch (command[0]) {
                case "stall" -> {
                    server.faults().acceptButNeverAck();
                    System.out.println("OK");
                }
                case "stats" -> {
                    long requests = server.streams().stream()
                            .filter(s -> s.table().equals(TABLE))
                            .mapToLong(StreamStatistics::requests)
                            .sum();
                    System.out.println("STATS " + server.recordCount(TABLE) + " "
                            + ids(server).size() + " " + requests);
                }
                case "dump" -> {
                    Files.write(Path.of(command[1]), ids(server));
                    System.out.println("OK");
                }
                case "quit" -> {
                    server.close();
                    return;
                }
                default -> System.out.println("ERR " + line);
            }
            System.out.flush();
        }
        server.close();
    }

    private static Set<String> ids(ZerobusTestServer server) {
        Set<String> ids = new LinkedHashSet<>();
        server.records(TABLE).forEach(record -> ids.add(id(record)));
        return ids;
    }

    /** The id of {@code {"id":"<id>"}}. */
    static String id(IngestedRecord record) {
        String json = record.json();
        int start = json.indexOf("\"id\":\"") + 6;
        return json.substring(start, json.indexOf('"', start));
    }
}
