package dev.zerobus.test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.zerobus.test.proto.CreateIngestStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Run by {@link ProtobufRuntimeCompatibilityTest} in a child JVM whose class path has zerobus-test and its
 * dependencies with another protobuf-java runtime: starts a {@link ZerobusTestServer}, and streams JSON and PROTO
 * records into it through the generated grpc-java stub (generated messages, descriptors with an imported well-known
 * type, a descriptor sent and parsed at run time, dynamic messages). Prints {@code RUNTIME <jar>} and
 * {@code OK json=<n> proto=<n>}, or fails with a stack trace.
 */
public final class ProtobufRuntimeProbe {

    private static final int RECORDS = 20;

    private ProtobufRuntimeProbe() {}

    public static void main(String[] args) throws Exception {
        System.out.println(
                "RUNTIME " + Message.class.getProtectionDomain().getCodeSource().getLocation());
        // the generated file descriptor, which imports google/protobuf/duration.proto from the runtime
        System.out.println("SERVICE " + ZerobusGrpc.getServiceDescriptor().getName() + " "
                + dev.zerobus.test.proto.ZerobusServiceProto.getDescriptor().getDependencies());
        try (ZerobusTestServer server = ZerobusTestServer.builder().build().start()) {
            ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                    .usePlaintext()
                    .build();
            try {
                String jsonTable = "main.compat.json_records";
                stream(server, channel, jsonTable, RecordType.JSON, null, (i) -> IngestRecordRequest.newBuilder()
                        .setOffsetId(i)
                        .setJsonRecord("{\"device_id\":\"d-" + i + "\",\"value\":" + i + "}")
                        .build());
                String protoTable = "main.compat.proto_records";
                stream(
                        server,
                        channel,
                        protoTable,
                        RecordType.PROTO,
                        TestDescriptors.SENSOR_READING.toProto().toByteString(),
                        (i) -> IngestRecordRequest.newBuilder()
                                .setOffsetId(i)
                                .setProtoEncodedRecord(TestDescriptors.reading("d-" + i, i, i * 0.5)
                                        .toByteString())
                                .build());
                long json = server.awaitRecordCount(jsonTable, RECORDS, Duration.ofSeconds(10));
                long proto = server.awaitRecordCount(protoTable, RECORDS, Duration.ofSeconds(10));
                System.out.println("OK json=" + json + " proto=" + proto);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private interface RecordFactory {
        IngestRecordRequest record(int offset);
    }

    private static void stream(
            ZerobusTestServer server,
            ManagedChannel channel,
            String table,
            RecordType type,
            ByteString descriptor,
            RecordFactory records)
            throws Exception {
        Metadata headers = new Metadata();
        headers.put(
                Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                "Bearer " + server.issueToken(table));
        headers.put(Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER), table);
        BlockingQueue<EphemeralStreamResponse> responses = new LinkedBlockingQueue<>();
        CompletableFuture<Void> end = new CompletableFuture<>();
        StreamObserver<EphemeralStreamRequest> requests = ZerobusGrpc.newStub(channel)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                .ephemeralStream(new StreamObserver<>() {
                    @Override
                    public void onNext(EphemeralStreamResponse response) {
                        responses.add(response);
                    }

                    @Override
                    public void onError(Throwable error) {
                        end.completeExceptionally(error);
                    }

                    @Override
                    public void onCompleted() {
                        end.complete(null);
                    }
                });
        CreateIngestStreamRequest.Builder create =
                CreateIngestStreamRequest.newBuilder().setTableName(table).setRecordType(type);
        if (descriptor != null) {
            create.setDescriptorProto(descriptor);
        }
        requests.onNext(
                EphemeralStreamRequest.newBuilder().setCreateStream(create).build());
        EphemeralStreamResponse created = next(responses, end);
        if (!created.hasCreateStreamResponse()) {
            throw new AssertionError("expected the stream id first, got " + created);
        }
        for (int i = 0; i < RECORDS; i++) {
            requests.onNext(EphemeralStreamRequest.newBuilder()
                    .setIngestRecord(records.record(i))
                    .build());
        }
        long acked = -1;
        while (acked < RECORDS - 1) {
            EphemeralStreamResponse response = next(responses, end);
            if (response.hasIngestRecordResponse()) {
                acked = response.getIngestRecordResponse().getDurabilityAckUpToOffset();
            }
        }
        requests.onCompleted();
        end.get(10, TimeUnit.SECONDS);
        // round trip through the generated parser
        EphemeralStreamResponse copy = EphemeralStreamResponse.parseFrom(created.toByteArray());
        if (!copy.equals(created)) {
            throw new AssertionError("generated message did not round-trip: " + created);
        }
    }

    private static EphemeralStreamResponse next(
            BlockingQueue<EphemeralStreamResponse> responses, CompletableFuture<Void> end) throws Exception {
        EphemeralStreamResponse response = responses.poll(10, TimeUnit.SECONDS);
        if (response == null) {
            if (end.isDone()) {
                end.get();
            }
            throw new AssertionError("no response within 10 s");
        }
        return response;
    }
}
