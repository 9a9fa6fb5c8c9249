package dev.zerobus.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/** Every stream that passed {@code create_stream}, in creation order, for statistics and for faults that act on all. */
final class StreamRegistry {

    private final ConcurrentLinkedQueue<StreamSession> sessions = new ConcurrentLinkedQueue<>();
    private final AtomicInteger creations = new AtomicInteger();

    void created(StreamSession session) {
        sessions.add(session);
        creations.incrementAndGet();
    }

    int creations() {
        return creations.get();
    }

    List<StreamStatistics> statistics() {
        List<StreamStatistics> result = new ArrayList<>();
        for (StreamSession session : sessions) {
            result.add(session.statistics());
        }
        return result;
    }

    void sendCloseSignal(Duration closeAfter, boolean withDuration) {
        for (StreamSession session : sessions) {
            session.sendCloseSignal(closeAfter, withDuration);
        }
    }

    void endCleanly() {
        for (StreamSession session : sessions) {
            session.closeCleanly();
        }
    }

    void flushAcks() {
        for (StreamSession session : sessions) {
            session.maybeAck();
        }
    }

    /** The table output committed up to {@code ticket}. */
    void committed(long ticket) {
        for (StreamSession session : sessions) {
            session.committed(ticket);
        }
    }

    void serverStopped() {
        for (StreamSession session : sessions) {
            session.serverStopped();
        }
    }

    /** Forgets ended streams and the creation count; open streams stay listed. */
    void clear() {
        sessions.removeIf(session -> !session.isOpen());
        creations.set(0);
    }
}
