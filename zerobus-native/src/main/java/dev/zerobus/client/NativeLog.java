package dev.zerobus.client;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;

/**
 * Hands the native core's lifecycle events to {@link System.Logger} (logger {@code dev.zerobus.client}), which Spring
 * Boot routes to Logback: one daemon thread blocks in {@link NativeBridge#pollEvents(long)} and logs what it gets, so
 * the core never calls into the JVM to log. Events are never per record and never contain a secret.
 */
final class NativeLog implements Runnable {

    static final String LOGGER_NAME = "dev.zerobus.client";

    private static final long POLL_MILLIS = 1_000;

    private static final Logger LOGGER = System.getLogger(LOGGER_NAME);

    private NativeLog() {}

    /** Starts the thread; called once, when the library is loaded. */
    static void start() {
        Thread thread = new Thread(new NativeLog(), "zerobus-native-log");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void run() {
        while (true) {
            try {
                byte[] events = NativeBridge.pollEvents(POLL_MILLIS);
                if (events != null) {
                    log(new String(events, StandardCharsets.UTF_8));
                }
            } catch (RuntimeException | LinkageError ex) {
                LOGGER.log(Level.WARNING, "reading the native client's log events failed", ex);
                sleepAfterFailure();
            }
        }
    }

    static void log(String lines) {
        int start = 0;
        while (start < lines.length()) {
            int end = lines.indexOf('\n', start);
            if (end < 0) {
                end = lines.length();
            }
            if (end > start + 1) {
                Level level = level(lines.charAt(start));
                if (LOGGER.isLoggable(level)) {
                    LOGGER.log(level, lines.substring(start + 1, end));
                }
            }
            start = end + 1;
        }
    }

    private static Level level(char code) {
        return switch (code) {
            case 'D' -> Level.DEBUG;
            case 'W' -> Level.WARNING;
            case 'E' -> Level.ERROR;
            default -> Level.INFO;
        };
    }

    private static void sleepAfterFailure() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
