package dev.zerobus.client;

/**
 * Blocking native calls in bounded slices, so that a thread waiting on the network still notices
 * {@link Thread#interrupt()} (a native wait cannot be interrupted) and every wait keeps its overall bound.
 */
final class Waits {

    /** Longest single native wait: how quickly an interrupt is noticed. */
    static final long SLICE_MILLIS = 100;

    private Waits() {}

    /** One bounded native wait; returns true when the awaited condition holds. */
    @FunctionalInterface
    interface Slice {
        boolean await(long millis);
    }

    /**
     * Runs {@code slice} until it reports done or {@code deadlineNanos} (a {@link System#nanoTime()} value) passes.
     *
     * @return false when the deadline passed first
     * @throws ZerobusException of kind {@code INTERRUPTED} when the thread is interrupted (its flag stays set)
     */
    static boolean until(long deadlineNanos, Slice slice, String what) {
        while (true) {
            checkInterrupt(what);
            long left = deadlineNanos - System.nanoTime();
            long millis = (left <= 0) ? 0 : Math.min(SLICE_MILLIS, Math.max(1, left / 1_000_000));
            if (slice.await(millis)) {
                return true;
            }
            if (deadlineNanos - System.nanoTime() <= 0) {
                return false;
            }
        }
    }

    /** Waits until {@code done} completes (either way) or the deadline passes; false at the deadline. */
    static boolean forCompletion(java.util.concurrent.CompletableFuture<?> done, long deadlineNanos, String what) {
        return until(
                deadlineNanos,
                (millis) -> {
                    try {
                        done.get(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
                        return true;
                    } catch (java.util.concurrent.TimeoutException ex) {
                        return false;
                    } catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return false;
                    } catch (java.util.concurrent.ExecutionException ex) {
                        return true;
                    }
                },
                what);
    }

    /** A deadline {@code millis} from now, saturating. */
    static long deadline(long millis) {
        long now = System.nanoTime();
        long nanos = (millis >= Long.MAX_VALUE / 1_000_000) ? Long.MAX_VALUE / 2 : millis * 1_000_000;
        return now + nanos;
    }

    static void checkInterrupt(String what) {
        if (Thread.currentThread().isInterrupted()) {
            throw new ZerobusException(what + " was interrupted", ZerobusException.Kind.INTERRUPTED, true);
        }
    }
}
