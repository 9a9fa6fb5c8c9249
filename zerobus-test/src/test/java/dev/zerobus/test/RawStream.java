package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.zerobus.test.proto.CreateIngestStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.JsonRecordBatch;
import dev.zerobus.test.proto.ProtoEncodedRecordBatch;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code EphemeralStream} RPC through the generated grpc-java stub, recording what the server sends: the response
 * headers, every message, and the final status.
 */
final class RawStream implements AutoCloseable {

    static final long WAIT_SECONDS = 10;

    final CompletableFuture<Metadata> responseHeaders = new CompletableFuture<>();
    final CompletableFuture<Status> end = new CompletableFuture<>();
    private final BlockingQueue<EphemeralStreamResponse> responses = new LinkedBlockingQueue<>();
    private final StreamObserver<EphemeralStreamRequest> requests;

    private RawStream(Channel channel, Metadata headers) {
        ClientInterceptor captureHeaders = new ClientInterceptor() {
            @Override
            public <Q, R> ClientCall<Q, R> interceptCall(
                    MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
                return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                    @Override
                    public void start(Listener<R> listener, Metadata metadata) {
                        super.start(
                                new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                                    @Override
                                    public void onHeaders(Metadata received) {
                                        responseHeaders.complete(received);
                                        super.onHeaders(received);
                                    }
                                },
                                metadata);
                    }
                };
            }
        };
        requests = ZerobusGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers), captureHeaders)
                .ephemeralStream(new StreamObserver<>() {
                    @Override
                    public void onNext(EphemeralStreamResponse response) {
                        responses.add(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        end.complete(Status.fromThrowable(error));
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(Status.OK);
                    }
                });
    }

    /** Opens a stream with a bearer token and the table header (either may be null to leave it out). */
    static RawStream open(Channel channel, String token, String headerTable) {
        Metadata headers = new Metadata();
        if (token != null) {
            headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + token);
        }
        if (headerTable != null) {
            headers.put(
                    Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER), headerTable);
        }
        return new RawStream(channel, headers);
    }

    /** Opens a stream with raw metadata. */
    static RawStream open(Channel channel, Metadata headers) {
        return new RawStream(channel, headers);
    }

    /** Opens a stream authorized for {@code table} and creates a JSON stream on it; returns after the stream id. */
    static RawStream json(ZerobusTestServer server, Channel channel, String table) {
        RawStream stream = open(channel, server.issueToken(table), table);
        stream.send(create(table, RecordType.JSON, null));
        stream.awaitStreamId();
        return stream;
    }

    static EphemeralStreamRequest create(String table, RecordType type, ByteString descriptor) {
        CreateIngestStreamRequest.Builder create = CreateIngestStreamRequest.newBuilder();
        if (table != null) {
            create.setTableName(table);
        }
        if (type != null) {
            create.setRecordType(type);
        }
        if (descriptor != null) {
            create.setDescriptorProto(descriptor);
        }
        return EphemeralStreamRequest.newBuilder().setCreateStream(create).build();
    }

    static EphemeralStreamRequest jsonRecord(long offset, String json) {
        return EphemeralStreamRequest.newBuilder()
                .setIngestRecord(
                        IngestRecordRequest.newBuilder().setOffsetId(offset).setJsonRecord(json))
                .build();
    }

    static EphemeralStreamRequest protoRecord(long offset, byte[] proto) {
        return EphemeralStreamRequest.newBuilder()
                .setIngestRecord(IngestRecordRequest.newBuilder()
                        .setOffsetId(offset)
                        .setProtoEncodedRecord(ByteString.copyFrom(proto)))
                .build();
    }

    static EphemeralStreamRequest jsonBatch(long offset, List<String> records) {
        return EphemeralStreamRequest.newBuilder()
                .setIngestRecordBatch(IngestRecordBatchRequest.newBuilder()
                        .setOffsetId(offset)
                        .setJsonBatch(JsonRecordBatch.newBuilder().addAllRecords(records)))
                .build();
    }

    static EphemeralStreamRequest protoBatch(long offset, List<byte[]> records) {
        ProtoEncodedRecordBatch.Builder batch = ProtoEncodedRecordBatch.newBuilder();
        records.forEach(record -> batch.addRecords(ByteString.copyFrom(record)));
        return EphemeralStreamRequest.newBuilder()
                .setIngestRecordBatch(IngestRecordBatchRequest.newBuilder()
                        .setOffsetId(offset)
                        .setProtoEncodedBatch(batch))
                .build();
    }

    RawStream send(EphemeralStreamRequest request) {
        requests.onNext(request);
        return this;
    }

    void halfClose() {
        requests.onCompleted();
    }

    /** The next message, or null if none arrives within {@code millis}. */
    EphemeralStreamResponse poll(long millis) throws InterruptedException {
        return responses.poll(millis, TimeUnit.MILLISECONDS);
    }

    EphemeralStreamResponse next() {
        try {
            EphemeralStreamResponse response = responses.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(response)
                    .as("a server message (stream ended with %s)", end.getNow(null))
                    .isNotNull();
            return response;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The next message, or null once the stream has ended and every message it got was read: for a client that must
     * tell an ack from the end of the call without waiting out a timeout.
     */
    EphemeralStreamResponse nextOrNullAtEnd() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        try {
            while (System.nanoTime() - deadline < 0) {
                EphemeralStreamResponse response = responses.poll(1, TimeUnit.MILLISECONDS);
                if (response != null) {
                    return response;
                }
                if (end.isDone()) {
                    // the observer adds every message before it completes the end
                    return responses.poll();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        throw new AssertionError("neither a message nor the end within " + WAIT_SECONDS + " s");
    }

    String awaitStreamId() {
        EphemeralStreamResponse response = next();
        assertThat(response.getPayloadCase()).isEqualTo(EphemeralStreamResponse.PayloadCase.CREATE_STREAM_RESPONSE);
        assertThat(response.getCreateStreamResponse().getStreamId()).isNotEmpty();
        return response.getCreateStreamResponse().getStreamId();
    }

    /** Reads acks until one covers {@code offset}; returns how many ack messages that took. */
    int awaitAck(long offset) {
        int acks = 0;
        long acked = -1;
        while (acked < offset) {
            EphemeralStreamResponse response = next();
            assertThat(response.getPayloadCase()).isEqualTo(EphemeralStreamResponse.PayloadCase.INGEST_RECORD_RESPONSE);
            long next = response.getIngestRecordResponse().getDurabilityAckUpToOffset();
            assertThat(next).as("acks are cumulative and grow").isGreaterThan(acked);
            acked = next;
            acks++;
        }
        assertThat(acked).isEqualTo(offset);
        return acks;
    }

    Status awaitEnd() {
        return awaitEnd(WAIT_SECONDS);
    }

    Status awaitEnd(long seconds) {
        try {
            return end.get(seconds, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the stream did not end", e);
        }
    }

    @Override
    public void close() {
        if (!end.isDone()) {
            try {
                requests.onError(new StatusRuntimeException(Status.CANCELLED.withDescription("test done")));
            } catch (RuntimeException ignored) {
                // already closed
            }
        }
    }
}
