package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordType;
import dev.zerobus.client.StreamState;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Keeps one open stream per table, opened on first use and shared by every sending thread (streams are thread-safe).
 * A stream that failed for good is replaced by a new one on the next send. At shutdown it flushes and closes every
 * stream, bounded by the shutdown flush timeout, after the web server has stopped taking requests.
 */
public class ZerobusStreamPool implements SmartLifecycle {

    /** Stops after the web server's graceful shutdown, so that requests still being handled can send. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    private static final Log logger = LogFactory.getLog(ZerobusStreamPool.class);

    private final ZerobusStreamFactory streamFactory;

    private final int maxStreams;

    private final Duration shutdownFlushTimeout;

    private final Map<String, ZerobusStream> streams = new ConcurrentHashMap<>();

    private volatile boolean running;

    private volatile boolean shutDown;

    public ZerobusStreamPool(ZerobusStreamFactory streamFactory, int maxStreams, Duration shutdownFlushTimeout) {
        this.streamFactory = streamFactory;
        this.maxStreams = maxStreams;
        this.shutdownFlushTimeout = shutdownFlushTimeout;
    }

    /**
     * The open stream for a table, opening it (or replacing a failed one) when needed.
     *
     * @throws ZerobusException STREAM_CLOSED during shutdown; INVALID_ARGUMENT when the record type differs from the
     *     one the table's stream was opened with
     */
    public ZerobusStream streamFor(String table, RecordType type, Descriptor descriptor) {
        ZerobusStream stream = this.streams.get(table);
        if (stream == null || isDone(stream)) {
            stream = this.streams.compute(table, (name, current) -> {
                if (current != null && !isDone(current)) {
                    return current;
                }
                if (current != null) {
                    logReplaced(current);
                }
                return open(name, type, descriptor);
            });
        }
        checkCompatible(stream, type);
        return stream;
    }

    private ZerobusStream open(String table, RecordType type, Descriptor descriptor) {
        if (this.shutDown) {
            throw new ZerobusException(
                    "Zerobus stream pool is shut down; no more records are taken",
                    ZerobusException.Kind.STREAM_CLOSED,
                    false);
        }
        if (this.streams.size() >= this.maxStreams) {
            throw new ZerobusException(
                    "Zerobus stream pool is full (" + this.maxStreams + " tables, zerobus.pool.max-streams)",
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false);
        }
        TableProperties properties =
                (type == RecordType.JSON) ? TableProperties.json(table) : TableProperties.proto(table, descriptor);
        return this.streamFactory.createStream(properties);
    }

    private static void checkCompatible(ZerobusStream stream, RecordType type) {
        if (stream.recordType() != type) {
            throw new ZerobusException(
                    "Table '" + stream.tableName() + "' is streamed as " + stream.recordType() + " in this application;"
                            + " a " + type + " record cannot be sent to it",
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false);
        }
    }

    private static boolean isDone(ZerobusStream stream) {
        StreamState state = stream.state();
        return state == StreamState.FAILED || state == StreamState.CLOSED;
    }

    private static void logReplaced(ZerobusStream failed) {
        logger.warn("Replacing the " + failed.state() + " stream of table " + failed.tableName() + "; its "
                + failed.unackedBatches().size() + " unacknowledged requests failed with their futures");
    }

    /** The streams open now, by table. */
    public Map<String, ZerobusStream> streams() {
        return Map.copyOf(this.streams);
    }

    /** Flushes every stream: returns when everything sent so far is durable. */
    public void flushAll() {
        for (ZerobusStream stream : this.streams.values()) {
            if (!isDone(stream)) {
                stream.flush();
            }
        }
    }

    /** Flushes the stream of one table, if there is one. */
    public void flush(String table) {
        ZerobusStream stream = this.streams.get(table);
        if (stream != null && !isDone(stream)) {
            stream.flush();
        }
    }

    @Override
    public void start() {
        this.running = true;
    }

    @Override
    public void stop() {
        this.shutDown = true;
        this.running = false;
        closeAll();
    }

    @Override
    public boolean isRunning() {
        return this.running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Flushes and closes every stream in parallel, waiting at most the shutdown flush timeout in all. */
    void closeAll() {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (ZerobusStream stream : this.streams.values()) {
            closing.add(CompletableFuture.runAsync(stream::close));
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new))
                    .get(this.shutdownFlushTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException ex) {
            logger.error("Zerobus streams did not flush within " + this.shutdownFlushTimeout + "; unacknowledged: "
                    + unackedSummary());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        } catch (Exception ex) {
            logger.error("Flushing Zerobus streams at shutdown failed; unacknowledged: " + unackedSummary(), ex);
        }
    }

    private String unackedSummary() {
        StringBuilder summary = new StringBuilder();
        this.streams.forEach((table, stream) -> summary.append(table)
                .append('=')
                .append(stream.stats().inflightRequests())
                .append(' '));
        return summary.toString().trim();
    }
}
