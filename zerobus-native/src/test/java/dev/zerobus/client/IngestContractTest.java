package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.StreamStatistics;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest, offsets and acks: the same contract over plaintext and TLS (see the two subclasses). */
abstract class IngestContractTest {

    private ZerobusSdk sdk;

    abstract ZerobusTestServer server();

    @BeforeEach
    void openSdk() {
        this.sdk = TestStreams.sdk(server());
    }

    @AfterEach
    void closeSdk() {
        this.sdk.close();
    }

    @Test
    void jsonRecordsAndBatchesAreStoredInOrderUnderLogicalOffsets() {
        String table = uniqueTable("json");
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            assertThat(stream.state()).isEqualTo(StreamState.OPEN);
            assertThat(stream.streamId()).isNotBlank();
            assertThat(stream.tableName()).isEqualTo(table);
            assertThat(stream.recordType()).isEqualTo(RecordType.JSON);

            RecordAck single = stream.ingestRecord(json(0));
            RecordAck batch = stream.ingestJsonBatch(List.of(json(1), json(2), json(3)));
            RecordAck last = stream.ingestRecord(json(4));
            RecordAck empty = stream.ingestJsonBatch(List.of());

            assertThat(List.of(single.offset(), batch.offset(), last.offset(), empty.offset()))
                    .containsExactly(0L, 1L, 2L, 2L);
            assertThat(last.await()).isEqualTo(2);
            assertThat(single.future()).isCompletedWithValue(0L);
            StreamStats stats = stream.stats();
            assertThat(stats.recordsIngested()).isEqualTo(5);
            assertThat(stats.lastAssignedOffset()).isEqualTo(2);
            assertThat(stats.lastAckedOffset()).isEqualTo(2);
            assertThat(stats.inflightRequests()).isZero();
            assertThat(stats.requestsSent()).isEqualTo(3);
            assertThat(stats.bytesSent()).isPositive();
        }
        TestStreams.assertStoredInOrder(server(), table, 5);
        assertThat(server().streams().stream().filter((s) -> s.table().equals(table)))
                .singleElement()
                .satisfies((s) -> {
                    assertThat(s.requests()).as("a batch is one request").isEqualTo(3);
                    assertThat(s.records()).isEqualTo(5);
                    assertThat(s.clientHeaders()).containsKey("x-zerobus-sdk");
                });
    }

    @Test
    void protoRecordsAndBatchesAreStoredWithTheFoldedDescriptor() {
        String table = uniqueTable("proto");
        TableProperties properties = TableProperties.proto(table, SensorDescriptors.READING);
        try (ZerobusStream stream = this.sdk.createStream(
                properties, server().clientId(), server().clientSecret(), TestStreams.fastOptions())) {
            assertThat(stream.recordType()).isEqualTo(RecordType.PROTO);
            stream.ingestRecord(SensorDescriptors.reading(0).toByteArray());
            RecordAck batch = stream.ingestProtoBatch(List.of(
                    SensorDescriptors.reading(1).toByteArray(),
                    SensorDescriptors.reading(2).toByteArray()));
            stream.ingestProtoBatch(List.of(SensorDescriptors.reading(3).toByteArray()));

            assertThat(batch.offset()).isEqualTo(1);
            stream.flush();
            assertThat(stream.stats().lastAckedOffset()).isEqualTo(2);
        }
        List<IngestedRecord> records = server().awaitRecords(table, 4, Duration.ofSeconds(10));
        assertThat(records).allSatisfy((r) -> assertThat(r.isJson()).isFalse());
        assertThat(records.stream().map((r) -> SensorDescriptors.seqOf(r.proto())))
                .containsExactly(0L, 1L, 2L, 3L);
        assertThat(records.get(2).proto())
                .isEqualTo(SensorDescriptors.reading(2).toByteArray());
    }

    @Test
    void futuresCompleteInOffsetOrderWithTheirOffsets() {
        String table = uniqueTable("futures");
        List<Long> completionOrder = Collections.synchronizedList(new ArrayList<>());
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            for (int i = 0; i < 2_000; i++) {
                CompletableFuture<Long> future = stream.ingestRecord(json(i)).future();
                future.thenAccept(completionOrder::add);
                futures.add(future);
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
        }
        assertThat(completionOrder).hasSize(2_000).isSorted();
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i)).isCompletedWithValue((long) i);
        }
        TestStreams.assertStoredInOrder(server(), table, 2_000);
    }

    @Test
    void manyThreadsShareOneStreamWithUniqueOffsetsAndNothingLost() throws Exception {
        String table = uniqueTable("threads");
        int threads = 8;
        int perThread = 5_000;
        Set<Long> offsets = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (ZerobusStream stream = jsonStream(this.sdk, server(), table)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        String record = "{\"thread\":" + thread + ",\"i\":" + i + "}";
                        offsets.add(stream.ingestRecord(record).offset());
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
            stream.flush();
            assertThat(stream.stats().recordsIngested()).isEqualTo((long) threads * perThread);
        } finally {
            pool.shutdownNow();
        }
        assertThat(offsets).hasSize(threads * perThread);
        assertThat(Collections.min(offsets)).isZero();
        assertThat(Collections.max(offsets)).isEqualTo(threads * perThread - 1L);
        List<IngestedRecord> records = server().awaitRecords(table, threads * perThread, Duration.ofSeconds(30));
        assertThat(records).hasSize(threads * perThread);
        // each thread's records arrive in the order that thread ingested them
        Map<Integer, Integer> nextPerThread = new ConcurrentHashMap<>();
        for (IngestedRecord record : records) {
            String json = record.json();
            int thread = Integer.parseInt(json.replaceAll(".*\"thread\":(\\d+).*", "$1"));
            int i = Integer.parseInt(json.replaceAll(".*\"i\":(\\d+).*", "$1"));
            assertThat(i).isEqualTo(nextPerThread.getOrDefault(thread, 0));
            nextPerThread.put(thread, i + 1);
        }
        assertThat(nextPerThread).hasSize(threads).allSatisfy((thread, next) -> assertThat(next)
                .isEqualTo(perThread));
    }

    @Test
    void userAgentSuffixAndSdkHeaderReachTheServer() {
        String table = uniqueTable("agent");
        ZerobusSdk.Builder builder = ZerobusSdk.builder()
                .endpoint(server().endpoint())
                .workspaceUrl(server().workspaceUrl())
                .userAgent("sensor-app/2.1");
        if (server().isTls()) {
            builder.caCertificate(server().caCertificatePath());
        }
        try (ZerobusSdk custom = builder.build();
                ZerobusStream stream = jsonStream(custom, server(), table)) {
            stream.ingestRecord(json(0)).await();
        }
        StreamStatistics statistics = server().streams().stream()
                .filter((s) -> s.table().equals(table))
                .findFirst()
                .orElseThrow();
        assertThat(statistics.clientHeaders().get("user-agent")).contains("sensor-app/2.1");
        assertThat(statistics.clientHeaders().get("x-zerobus-sdk")).startsWith("zerobus-java-spring/");
        assertThat(statistics.clientHeaders().get("x-databricks-zerobus-table-name"))
                .isEqualTo(table);
    }
}
