package dev.zerobus.client;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The directories {@link NativeLoader} extracts the library into: one per process and class loader, named
 * {@code zerobus-native-<pid>-<random>}, holding the library and a lock file that the process keeps locked for as long
 * as the directory exists. A directory whose lock is free belongs to a process that is gone, and is removed by the
 * next load.
 */
final class NativeExtraction {

    static final String DIRECTORY_PREFIX = "zerobus-native-";

    static final String LOCK_FILE = ".lock";

    /**
     * How old an unlocked directory must be before it is taken as stale. A process creates its directory and then
     * locks it a moment later: this keeps a concurrent start from removing a directory in that moment.
     */
    static final Duration GRACE = Duration.ofSeconds(60);

    private static final System.Logger LOG = System.getLogger(NativeLoader.class.getName());

    private NativeExtraction() {}

    /**
     * Removes the {@code zerobus-native-*} directories under {@code base} left by processes that are gone. Best effort:
     * never throws; a directory that cannot be examined or deleted (another user's, say) is left alone.
     */
    static void removeStale(Path base) {
        if (!Files.isDirectory(base)) {
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(base, DIRECTORY_PREFIX + "*")) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    removeIfStale(entry);
                }
            }
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.DEBUG, "zerobus-native: could not scan " + base + " for stale directories", ex);
        }
    }

    private static void removeIfStale(Path directory) {
        Path lockFile = directory.resolve(LOCK_FILE);
        try {
            if (!Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS)) {
                // Left by an older loader (no lock files), or being created right now.
                if (olderThanGrace(directory)) {
                    deleteDirectory(directory);
                }
                return;
            }
            if (!olderThanGrace(lockFile)) {
                return;
            }
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock lock;
                try {
                    lock = channel.tryLock();
                } catch (OverlappingFileLockException ex) {
                    return; // held by this JVM (another class loader)
                } catch (IOException ex) {
                    // locks not supported here: go by the pid in the name
                    if (!ownerAlive(directory)) {
                        deleteDirectory(directory);
                    }
                    return;
                }
                if (lock == null) {
                    return; // its process is alive
                }
                try {
                    deleteDirectory(directory);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException | RuntimeException ex) {
            LOG.log(System.Logger.Level.DEBUG, "zerobus-native: left " + directory + " alone", ex);
        }
    }

    private static boolean olderThanGrace(Path path) throws IOException {
        FileTime modified = Files.getLastModifiedTime(path, LinkOption.NOFOLLOW_LINKS);
        return modified.toInstant().isBefore(Instant.now().minus(GRACE));
    }

    /** Whether the process whose pid is in the directory's name ({@code zerobus-native-<pid>-…}) is running. */
    static boolean ownerAlive(Path directory) {
        Optional<Long> pid = pidOf(directory.getFileName().toString());
        return pid.isEmpty() || ProcessHandle.of(pid.get()).isPresent();
    }

    static Optional<Long> pidOf(String name) {
        if (!name.startsWith(DIRECTORY_PREFIX)) {
            return Optional.empty();
        }
        String rest = name.substring(DIRECTORY_PREFIX.length());
        int dash = rest.indexOf('-');
        if (dash <= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(rest.substring(0, dash)));
        } catch (NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /** Deletes the directory's files (not following links) and then the directory; keeps it if anything else is in it. */
    static void deleteDirectory(Path directory) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(entry);
                }
            }
        } catch (NoSuchFileException ex) {
            return;
        }
        Files.deleteIfExists(directory);
    }

    /** This process's extraction directory, locked while it exists. */
    static final class ProcessDirectory {

        private final Path path;

        private final FileChannel lockChannel;

        private ProcessDirectory(Path path, FileChannel lockChannel) {
            this.path = path;
            this.lockChannel = lockChannel;
        }

        static ProcessDirectory create(Path base) throws IOException {
            Files.createDirectories(base);
            Path directory = Files.createTempDirectory(
                    base, DIRECTORY_PREFIX + ProcessHandle.current().pid() + "-");
            FileChannel channel = null;
            try {
                channel = FileChannel.open(
                        directory.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                if (channel.tryLock() == null) {
                    throw new IOException("could not lock " + directory.resolve(LOCK_FILE));
                }
            } catch (IOException ex) {
                if (channel != null) {
                    channel.close();
                }
                // Without a lock the directory is still removed at the end; only a crash would leave it behind.
                LOG.log(System.Logger.Level.DEBUG, "zerobus-native: no lock in " + directory, ex);
                channel = null;
            }
            return new ProcessDirectory(directory, channel);
        }

        Path path() {
            return this.path;
        }

        /**
         * Called once the library is loaded: deletes the directory now if the operating system lets a loaded library
         * be deleted (Linux, macOS), and otherwise when the JVM exits.
         */
        void afterLoad() {
            if (delete()) {
                return;
            }
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(this::delete, "zerobus-native-cleanup"));
            } catch (IllegalStateException ex) {
                // shutting down already: the next load removes the directory
            }
        }

        /** Deletes the library, the lock file and the directory, releasing the lock; returns whether all are gone. */
        boolean delete() {
            try {
                deleteDirectory(this.path);
            } catch (IOException ex) {
                // a loaded DLL cannot be deleted on Windows: keep the lock, so that only a later start removes it
            }
            if (Files.exists(this.path, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
            if (this.lockChannel != null) {
                try {
                    this.lockChannel.close();
                } catch (IOException ex) {
                    // released with the process anyway
                }
            }
            return true;
        }
    }
}
