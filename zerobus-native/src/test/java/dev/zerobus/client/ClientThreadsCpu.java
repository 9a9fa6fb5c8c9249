package dev.zerobus.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the client's threads alone, while the test server runs in the same JVM: the threads of this process whose
 * (kernel) name starts with one of the prefixes, read from {@code /proc/self/task/<tid>/stat} (user + system, in clock
 * ticks of 10 ms, so meant for runs of seconds). Threads that ended before a reading are not counted; the client's
 * threads (the Tokio workers, the ack thread, the producers the test starts) live through a run.
 */
final class ClientThreadsCpu {

    /** Kernel thread names are cut to 15 characters; the Tokio workers are {@code zerobus-native}. */
    static final String[] CLIENT_PREFIXES = {"zerobus-native", "zerobus-acks", "zerobus-linger", "bench-producer"};

    private static final double NANOS_PER_TICK = 1e9 / 100;

    private ClientThreadsCpu() {}

    static boolean available() {
        return Files.isDirectory(Path.of("/proc/self/task"));
    }

    /** Nanoseconds of CPU used so far by the live threads named with one of {@link #CLIENT_PREFIXES}. */
    static long nanos() {
        long ticks = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                ticks += ticksOf(task);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return (long) (ticks * NANOS_PER_TICK);
    }

    private static long ticksOf(Path task) {
        String stat;
        try {
            stat = Files.readString(task.resolve("stat"));
        } catch (IOException ended) {
            return 0;
        }
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String name = stat.substring(open + 1, close);
        boolean client = false;
        for (String prefix : CLIENT_PREFIXES) {
            client |= name.startsWith(prefix);
        }
        if (!client) {
            return 0;
        }
        // After the name: state is field 3; utime and stime are fields 14 and 15.
        String[] fields = stat.substring(close + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
