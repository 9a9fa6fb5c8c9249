package dev.zerobus.client;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * Ownership of one native handle by one Java object. The handle is freed exactly once: by {@link #free()}, or by the
 * shared {@link Cleaner} when the owner becomes unreachable without having been closed. The cleaning action holds only
 * the handle value and its functions, never the owner, so it cannot keep the owner alive.
 *
 * <p>Calls racing with {@link #free()} are safe: the native registry answers a freed handle with an
 * {@link IllegalStateException} instead of touching freed memory.
 */
final class NativeHandle {

    private static final Cleaner CLEANER = Cleaner.create();

    private final long value;

    private final Free action;

    private final Cleaner.Cleanable cleanable;

    private volatile boolean freed;

    NativeHandle(Object owner, long value, LongConsumer free) {
        this(owner, value, free, null);
    }

    /**
     * @param onUnreachable runs before {@code free} only when the Cleaner frees the handle (the owner was dropped
     *     without being closed), with the handle still valid: a chance to report what is lost
     */
    NativeHandle(Object owner, long value, LongConsumer free, LongConsumer onUnreachable) {
        this.value = value;
        this.action = new Free(value, free, onUnreachable);
        this.cleanable = CLEANER.register(owner, this.action);
    }

    /** The handle, for native calls; may already be freed, in which case the call throws. */
    long value() {
        return this.value;
    }

    boolean isFreed() {
        return this.freed;
    }

    /** Frees the native object now; later calls do nothing. */
    void free() {
        this.freed = true;
        this.action.explicit = true;
        this.cleanable.clean();
    }

    /** The cleaning action: must not capture the owner. */
    private static final class Free implements Runnable {

        private final long value;

        private final LongConsumer free;

        private final LongConsumer onUnreachable;

        volatile boolean explicit;

        Free(long value, LongConsumer free, LongConsumer onUnreachable) {
            this.value = value;
            this.free = free;
            this.onUnreachable = onUnreachable;
        }

        @Override
        public void run() {
            try {
                if (!this.explicit && this.onUnreachable != null) {
                    this.onUnreachable.accept(this.value);
                }
            } catch (RuntimeException | LinkageError ex) {
                // Reporting is best effort; the handle is freed below regardless.
            }
            try {
                this.free.accept(this.value);
            } catch (RuntimeException | LinkageError ex) {
                // Nothing can be done on the cleaner thread; a freed-twice handle is already reported natively.
            }
        }
    }
}
