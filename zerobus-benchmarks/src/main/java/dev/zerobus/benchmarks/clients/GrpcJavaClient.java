package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ServerConnection;
import dev.zerobus.test.proto.CreateIngestStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.JsonRecordBatch;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The ceiling: a plain grpc-java client on the generated stub, sending the same requests (same offsets, one request
 * per record or per batch) under the same in-flight limit and reading the cumulative acks, with nothing else (no
 * recovery, no per-record futures). What any client on this JVM and this server can hope to reach.
 */
public final class GrpcJavaClient implements IngestClient {

    private static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> TABLE_NAME =
            Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> SDK = Metadata.Key.of("x-zerobus-sdk", Metadata.ASCII_STRING_MARSHALLER);

    private final CompletableFuture<String> created = new CompletableFuture<>();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();

    private ManagedChannel channel;
    private ClientCallStreamObserver<EphemeralStreamRequest> requests;
    private int maxInflight;
    /** Offset of the next request; written by the sending thread only. */
    private long nextOffset;
    /** Highest acknowledged offset; written by the gRPC thread. */
    private volatile long ackedUpTo = -1;
    /** The sending thread while it waits for an ack, so that the ack can wake it. */
    private volatile Thread waiter;

    private volatile Throwable failure;
    private volatile boolean closing;

    @Override
    public void open(ServerConnection server, String table, int maxInflightRequests) throws Exception {
        this.maxInflight = maxInflightRequests;
        URI endpoint = URI.create(server.endpoint());
        if (!"http".equals(endpoint.getScheme())) {
            throw new IllegalArgumentException("the grpc-java ceiling speaks plaintext only: " + endpoint);
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + OAuthTokens.fetch(server, table));
        headers.put(TABLE_NAME, table);
        headers.put(SDK, "zerobus-benchmarks-grpc-java/0");
        channel = Grpc.newChannelBuilderForAddress(
                        endpoint.getHost(), endpoint.getPort(), InsecureChannelCredentials.create())
                .directExecutor()
                .build();
        ZerobusGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .ephemeralStream(new Responses());
        requests.onNext(EphemeralStreamRequest.newBuilder()
                .setCreateStream(CreateIngestStreamRequest.newBuilder()
                        .setTableName(table)
                        .setRecordType(RecordType.JSON))
                .build());
        created.get(30, TimeUnit.SECONDS);
    }

    @Override
    public void ingest(String jsonRecord) throws Exception {
        awaitInflightBelow(maxInflight);
        requests.onNext(EphemeralStreamRequest.newBuilder()
                .setIngestRecord(IngestRecordRequest.newBuilder()
                        .setOffsetId(nextOffset++)
                        .setJsonRecord(jsonRecord))
                .build());
    }

    @Override
    public void ingestBatch(List<String> jsonRecords) throws Exception {
        awaitInflightBelow(maxInflight);
        requests.onNext(EphemeralStreamRequest.newBuilder()
                .setIngestRecordBatch(IngestRecordBatchRequest.newBuilder()
                        .setOffsetId(nextOffset++)
                        .setJsonBatch(JsonRecordBatch.newBuilder().addAllRecords(jsonRecords)))
                .build());
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
                requests.onCompleted();
                finished.get(10, TimeUnit.SECONDS);
            }
        } finally {
            if (channel != null) {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitInflightBelow(long limit) throws IOException {
        while (nextOffset - ackedUpTo - 1 >= limit) {
            waiter = Thread.currentThread();
            if (nextOffset - ackedUpTo - 1 >= limit && failure == null) {
                LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(10));
            }
            waiter = null;
            if (failure != null) {
                throw new IOException("stream failed", failure);
            }
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
                        wakeWaiter();
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
            finished.complete(null);
            wakeWaiter();
        }
    }
}
