package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.SensorReading;
import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.test.proto.CreateIngestStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.JsonRecordBatch;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.MultiThreadIoEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollIoHandler;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioIoHandler;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling: a plain grpc-java client on the generated stub, sending the same requests (same offsets, one request
 * per record or per batch) under the same in-flight limit and reading the cumulative acks, with nothing else (no
 * recovery, no per-record futures).
 *
 * <p>It is written the way grpc-java streams fast: the caller only queues requests, and the channel's own event loop
 * writes them while the call {@linkplain ClientCallStreamObserver#isReady() is ready}, so that many messages share one
 * flush. (Calling {@code onNext} from the caller's thread costs an event-loop wake-up and a socket write per message,
 * which made a naive client several times slower than the official SDK here.)
 */
public final class GrpcJavaClient implements IngestClient {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TABLE_NAME =
            Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SDK = Metadata.Key.of("x-zerobus-sdk", Metadata.ASCII_STRING_MARSHALLER);

    private final CompletableFuture<String> created = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private final Queue<EphemeralStreamRequest> queued = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writeScheduled = new AtomicBoolean();
    private final Runnable writeQueued = this::writeQueued;

    private EventLoopGroup eventLoop;
    private ManagedChannel channel;
    private ClientCallStreamObserver<EphemeralStreamRequest> requests;
    private int maxInflight;
    /** Offset of the next request; written by the caller's thread only. */
    private long nextOffset;
    /** Highest acknowledged offset; written by the event loop. */
    private volatile long ackedUpTo = -1;
    /** The caller's thread while it waits for an ack, so that the ack can wake it. */
    private volatile Thread waiter;
    /** The ack the waiting caller needs before it goes on. */
    private volatile long wakeAtAck = Long.MAX_VALUE;

    private volatile Throwable failure;
    private volatile boolean closing;

    @Override
    public void open(ClientSetup setup) throws Exception {
        if (setup.streams() != 1) {
            throw new IllegalArgumentException("the grpc-java ceiling drives one stream");
        }
        ServerConnection server = setup.server();
        String table = setup.table();
        this.maxInflight = setup.maxInflight();
        URI endpoint = URI.create(server.endpoint());
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("the grpc-java ceiling speaks plaintext only: " + endpoint);
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + OAuthTokens.fetch(server, table));
        headers.put(TABLE_NAME, table);
        headers.put(SDK, "zerobus-benchmarks-grpc-java/0");
        boolean epoll = Epoll.isAvailable();
        eventLoop = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        channel = NettyChannelBuilder.forAddress(
                        endpoint.getHost(), endpoint.getPort(), InsecureChannelCredentials.create())
                .eventLoopGroup(eventLoop)
                .channelType(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .directExecutor()
                .build();
        ZerobusGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .ephemeralStream(new Responses());
        send(EphemeralStreamRequest.newBuilder()
                .setCreateStream(CreateIngestStreamRequest.newBuilder()
                        .setTableName(table)
                        .setRecordType(RecordType.JSON))
                .build());
        created.get(30, TimeUnit.SECONDS);
    }

    @Override
    public Object prepare(SensorReading reading) {
        return reading.json();
    }

    @Override
    public void ingest(int stream, Object jsonRecord) throws Exception {
        awaitInflightBelow(maxInflight);
        send(EphemeralStreamRequest.newBuilder()
                .setIngestRecord(IngestRecordRequest.newBuilder()
                        .setOffsetId(nextOffset++)
                        .setJsonRecord((String) jsonRecord))
                .build());
    }

    @Override
    public void ingestBatch(int stream, List<Object> jsonRecords) throws Exception {
        awaitInflightBelow(maxInflight);
        JsonRecordBatch.Builder batch = JsonRecordBatch.newBuilder();
        jsonRecords.forEach(record -> batch.addRecords((String) record));
        send(EphemeralStreamRequest.newBuilder()
                .setIngestRecordBatch(IngestRecordBatchRequest.newBuilder()
                        .setOffsetId(nextOffset++)
                        .setJsonBatch(batch))
                .build());
    }

    @Override
    public void ingestTracked(Object record, AckProbe probe, int sequence) {
        throw new UnsupportedOperationException("the grpc-java ceiling is measured at saturation only");
    }

    @Override
    public void flush() throws Exception {
        awaitInflightBelow(1);
    }

    @Override
    public void close() throws Exception {
        try {
            if (requests != null && failure == null) {
                closing = true;
                eventLoop.execute(requests::onCompleted);
                finished.get(10, TimeUnit.SECONDS);
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
            if (eventLoop != null) {
                eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            }
        }
    }

    /** Queues a request and makes sure the event loop will write it; one wake-up serves many requests. */
    private void send(EphemeralStreamRequest request) {
        queued.add(request);
        if (writeScheduled.compareAndSet(false, true)) {
            eventLoop.execute(writeQueued);
        }
    }

    /** On the event loop: writes queued requests while the call accepts them; onReady resumes the rest. */
    private void writeQueued() {
        writeScheduled.set(false);
        EphemeralStreamRequest request;
        while (requests.isReady() && (request = queued.poll()) != null) {
            requests.onNext(request);
        }
    }

    /**
     * Blocks while {@code limit} requests are in flight. Once blocked, it waits until a sixteenth of the limit has
     * drained (the ack that gets there wakes it), so that a full window does not turn into one wake-up per ack.
     */
    private void awaitInflightBelow(long limit) throws IOException {
        if (nextOffset - ackedUpTo - 1 < limit) {
            return;
        }
        long resumeAt = nextOffset - 1 - (limit - Math.max(1, limit / 16));
        wakeAtAck = resumeAt;
        waiter = Thread.currentThread();
        while (ackedUpTo < resumeAt && failure == null) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
        }
        waiter = null;
        if (failure != null) {
            throw new IOException("stream failed", failure);
        }
    }

    private void wakeWaiter() {
        Thread thread = waiter;
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    private final class Responses implements ClientResponseObserver<EphemeralStreamRequest, EphemeralStreamResponse> {

        @Override
        public void beforeStart(ClientCallStreamObserver<EphemeralStreamRequest> requestStream) {
            requests = requestStream;
            requestStream.setOnReadyHandler(GrpcJavaClient.this::writeQueued);
        }

        @Override
        public void onNext(EphemeralStreamResponse response) {
            switch (response.getPayloadCase()) {
                case CREATE_STREAM_RESPONSE ->
                    created.complete(response.getCreateStreamResponse().getStreamId());
                case INGEST_RECORD_RESPONSE -> {
                    long acked = response.getIngestRecordResponse().getDurabilityAckUpToOffset();
                    if (acked > ackedUpTo) {
                        ackedUpTo = acked;
                        if (acked >= wakeAtAck) {
                            wakeWaiter();
                        }
                    }
                }
                default -> {
                    // A close signal: the ceiling runs are far shorter than the server's credential refresh.
                }
            }
        }

        @Override
        public void onError(Throwable error) {
            failure = error;
            created.completeExceptionally(error);
            finished.completeExceptionally(error);
            wakeWaiter();
        }

        @Override
        public void onCompleted() {
            if (!closing) {
                failure = new IOException("the server ended the stream");
            }
            created.completeExceptionally(new IOException("the server ended the stream before creating it"));
            finished.complete(null);
            wakeWaiter();
        }
    }
}
