package dev.zerobus.spring;

/**
 * Observes a send from the call to its durable acknowledgement, such as the {@code zerobus.send} Micrometer observation.
 * Kept as a small interface so that the template does not need Micrometer on the classpath.
 */
public interface SendObserver {

    /** Does nothing. */
    SendObserver NONE = new SendObserver() {

        @Override
        public Object start(String table) {
            return null;
        }

        @Override
        public void stop(Object context, Throwable error) {}
    };

    /** Called on the sending thread before the record is sent; returns what {@link #stop} gets. */
    Object start(String table);

    /** Called once with the outcome: {@code error} is {@code null} when the record became durable. */
    void stop(Object context, Throwable error);

    /** Completes the application's future, e.g. with the caller's trace context in scope. */
    default void complete(Object context, Runnable completion) {
        completion.run();
    }
}
