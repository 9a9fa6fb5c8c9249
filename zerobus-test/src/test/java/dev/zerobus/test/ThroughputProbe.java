package dev.zerobus.test;

import com.google.protobuf.ByteString;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.grpc.stub.MetadataUtils;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Pushes single-record JSON requests through a plain grpc-java client, as fast as flow control allows, to a server in
 * benchmark mode, and reports records per second. A measuring tool, not a test:
 *
 * <pre>java -cp target/test-classes:target/classes:&lt;deps&gt; dev.zerobus.test.ThroughputProbe [records] [bytes]</pre>
 */
public final class ThroughputProbe {

    /** What one run measured. */
    record Result(long records, long nanos, long serverCount, long serverCpuNanos) {
        double perSecond() {
            return records * 1e9 / nanos;
        }

        /** CPU time the server's I/O threads spent per record (client and server share the machine). */
        double serverCpuMicrosPerRecord() {
            return serverCpuNanos / 1e3 / records;
        }
    }

    private ThroughputProbe() {}

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int bytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        try (ZerobusTestServer server =
                ZerobusTestServer.builder().benchmarkMode(true).build().start()) {
            run(server, records / 4, bytes); // warm-up
            for (int round = 1; round <= 3; round++) {
                Result result = run(server, records, bytes);
                System.out.printf(
                        "round %d: %,d single-record requests of %d bytes in %.2f s = %,.0f records/s (server counted"
                                + " %,d; server I/O threads %.2f us CPU per record = %,.0f records/s per core)%n",
                        round,
                        records,
                        bytes,
                        result.nanos() / 1e9,
                        result.perSecond(),
                        result.serverCount(),
                        result.serverCpuMicrosPerRecord(),
                        1e6 / result.serverCpuMicrosPerRecord());
            }
        }
    }

    static Result run(ZerobusTestServer server, int records, int bytes) throws Exception {
        String table = "bench.probe.t" + System.nanoTime();
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", server.port())
                .usePlaintext()
                .directExecutor()
                .build();
        try {
            Metadata headers = new Metadata();
            headers.put(
                    Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER),
                    "Bearer " + server.issueToken(table));
            headers.put(Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER), table);
            ByteString payload = ByteString.copyFrom(jsonOfSize(bytes), StandardCharsets.UTF_8);
            Pusher pusher = new Pusher(records, payload);
            ZerobusGrpc.newStub(channel)
                    .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
                    .ephemeralStream(pusher);
            pusher.requests.onNext(RawStream.create(table, RecordType.JSON, null));
            pusher.created.get(10, TimeUnit.SECONDS);
            long cpuBefore = serverIoCpuNanos();
            long start = System.nanoTime();
            pusher.startSending();
            pusher.done.get(300, TimeUnit.SECONDS);
            long nanos = System.nanoTime() - start;
            long cpu = serverIoCpuNanos() - cpuBefore;
            pusher.requests.onCompleted();
            return new Result(records, nanos, server.recordCount(table), cpu);
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** CPU time of the server's I/O threads (named zerobus-test-io-*) so far. */
    private static long serverIoCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("zerobus-test-io")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static String jsonOfSize(int bytes) {
        String prefix = "{\"device\":\"sensor-1\",\"pad\":\"";
        return prefix + "x".repeat(Math.max(0, bytes - prefix.length() - 2)) + "\"}";
    }

    /** Sends whenever the transport is ready (on the client's I/O thread) and waits for the last ack. */
    private static final class Pusher
            implements ClientResponseObserver<EphemeralStreamRequest, EphemeralStreamResponse> {

        final CompletableFuture<Void> created = new CompletableFuture<>();
        final CompletableFuture<Void> done = new CompletableFuture<>();
        private final int records;
        private final ByteString payload;
        private volatile boolean sending;
        private long nextOffset;
        ClientCallStreamObserver<EphemeralStreamRequest> requests;

        Pusher(int records, ByteString payload) {
            this.records = records;
            this.payload = payload;
        }

        @Override
        public void beforeStart(ClientCallStreamObserver<EphemeralStreamRequest> requestStream) {
            this.requests = requestStream;
            requestStream.setOnReadyHandler(this::drain);
        }

        void startSending() {
            sending = true;
            drain();
        }

        private synchronized void drain() {
            if (!sending) {
                return;
            }
            while (nextOffset < records && requests.isReady()) {
                requests.onNext(EphemeralStreamRequest.newBuilder()
                        .setIngestRecord(IngestRecordRequest.newBuilder()
                                .setOffsetId(nextOffset++)
                                .setJsonRecordBytes(payload))
                        .build());
            }
        }

        @Override
        public void onNext(EphemeralStreamResponse response) {
            if (response.hasCreateStreamResponse()) {
                created.complete(null);
            } else if (response.getIngestRecordResponse().getDurabilityAckUpToOffset() == records - 1) {
                done.complete(null);
            }
        }

        @Override
        public void onError(Throwable error) {
            Status status = Status.fromThrowable(error);
            created.completeExceptionally(error);
            done.completeExceptionally(new IllegalStateException("stream failed: " + status, error));
        }

        @Override
        public void onCompleted() {
            done.complete(null);
        }
    }
}
