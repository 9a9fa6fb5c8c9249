package dev.zerobus.client;

import java.lang.ref.Cleaner;
import java.util.function.LongConsumer;

/**
 * Ownership of one native handle by one Java object. The handle is freed exactly once: by {@link #free()}, or by the
 * shared {@link Cleaner} when the owner becomes unreachable without having been closed. The cleaning action holds only
 * the handle value and the free function, never the owner, so it cannot keep the owner alive.
 *
 * <p>Calls racing with {@link #free()} are safe: the native registry answers a freed handle with an
 * {@link IllegalStateException} instead of touching freed memory.
 */
final class NativeHandle {

    private static final Cleaner CLEANER = Cleaner.create();

    private final long value;

    private final Cleaner.Cleanable cleanable;

    private volatile boolean freed;

    NativeHandle(Object owner, long value, LongConsumer free) {
        this.value = value;
        this.cleanable = CLEANER.register(owner, new Free(value, free));
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
        this.cleanable.clean();
    }

    /** The cleaning action: must not capture the owner. */
    private record Free(long value, LongConsumer free) implements Runnable {

        @Override
        public void run() {
            try {
                this.free.accept(this.value);
            } catch (RuntimeException | LinkageError ex) {
                // Nothing can be done on the cleaner thread; a freed-twice handle is already reported natively.
            }
        }
    }
}
