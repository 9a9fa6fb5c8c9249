package dev.zerobus.spring;

import java.util.List;

/** Tells several {@link IngestListener}s, in order. */
public final class CompositeIngestListener implements IngestListener {

    private final IngestListener[] listeners;

    private CompositeIngestListener(List<IngestListener> listeners) {
        this.listeners = listeners.toArray(IngestListener[]::new);
    }

    /** One listener for all of them: {@code null} for none, the listener itself for one. */
    public static IngestListener of(List<IngestListener> listeners) {
        return switch (listeners.size()) {
            case 0 -> null;
            case 1 -> listeners.get(0);
            default -> new CompositeIngestListener(listeners);
        };
    }

    @Override
    public void sent(String table, int records, long bytes) {
        for (IngestListener listener : this.listeners) {
            listener.sent(table, records, bytes);
        }
    }

    @Override
    public void acknowledged(String table, int records, long nanos) {
        for (IngestListener listener : this.listeners) {
            listener.acknowledged(table, records, nanos);
        }
    }

    @Override
    public void failed(String table, int records, FailureReason reason, Throwable cause) {
        for (IngestListener listener : this.listeners) {
            listener.failed(table, records, reason, cause);
        }
    }
}
