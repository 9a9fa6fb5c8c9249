package dev.zerobus.client;

import static dev.zerobus.client.TestStreams.json;
import static dev.zerobus.client.TestStreams.jsonStream;
import static dev.zerobus.client.TestStreams.uniqueTable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.ZerobusTestServerExtension;
import io.grpc.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stream that cannot recover fails fast with the real cause; its unacked records stay retrievable and
 * {@link ZerobusSdk#recreateStream} delivers them, so nothing is lost.
 */
@ExtendWith(ZerobusTestServerExtension.class)
class NonRetryableFailureTest {

    private ZerobusSdk sdk;

    private ZerobusTestServer server;

    @BeforeEach
    void openSdk(ZerobusTestServer server) {
        this.server = server;
        this.sdk = TestStreams.sdk(server);
    }

    @AfterEach
    void closeSdk() {
        this.server.faults().reset();
        try {
            this.sdk.close();
        } catch (ZerobusException ex) {
            // streams a test left failed report their kept records here; the test checked them already
        }
    }

    @Test
    void withRecoveryOffABrokenConnectionFailsTheStreamAndRecreateDeliversTheRest() {
        String table = uniqueTable("norecovery");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recovery(false).build();
        ZerobusStream stream = jsonStream(this.sdk, this.server, table, options);
        this.server.faults().breakConnectionAfterRecords(50);
        Ingested ingested = ingestUntilFailure(stream, 2_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.FAILED);
        ZerobusException cause = failureOf(ingested.futures.get(ingested.futures.size() - 1));
        assertThat(cause.kind()).isIn(ZerobusException.Kind.CONNECTION, ZerobusException.Kind.SERVER);
        assertThat(cause.isRetryable()).as("the fault itself is transient").isTrue();
        assertUnackedCoverTheTail(stream, ingested.accepted);

        try (ZerobusStream successor = this.sdk.recreateStream(stream)) {
            successor.ingestRecord(json(ingested.accepted));
            successor.flush();
        }
        TestStreams.assertStoredInOrder(this.server, table, ingested.accepted + 1);
    }

    @Test
    void permissionDeniedDuringRecoveryFailsFastWithTheStatus() {
        String table = uniqueTable("denied");
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        this.server.faults().failNextStreamCreations(10, Status.Code.PERMISSION_DENIED);
        this.server.faults().breakConnectionAfterRecords(20);
        Ingested ingested = ingestUntilFailure(stream, 2_000);

        await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.FAILED);
        ZerobusException cause = failureOf(ingested.futures.get(ingested.futures.size() - 1));
        assertThat(cause.isRetryable()).isFalse();
        assertThat(cause.grpcStatus()).hasValue(Status.Code.PERMISSION_DENIED.value());
        assertThat(cause.kind()).isIn(ZerobusException.Kind.PERMISSION_DENIED, ZerobusException.Kind.SERVER);
        assertThat(stream.stats().recoveries())
                .as("no retries after a non-retryable answer")
                .isLessThanOrEqualTo(1);
        assertThatThrownBy(() -> stream.ingestRecord(json(0))).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
            assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.STREAM_FAILED);
            assertThat(ex.grpcStatus()).hasValue(Status.Code.PERMISSION_DENIED.value());
        });
        assertUnackedCoverTheTail(stream, ingested.accepted);

        this.server.faults().reset();
        try (ZerobusStream successor = this.sdk.recreateStream(stream)) {
            successor.flush();
            assertThat(successor.stats().recordsIngested())
                    .isEqualTo(
                            stream.stats().lastAssignedOffset() - stream.stats().lastAckedOffset());
        }
        TestStreams.assertStoredInOrder(this.server, table, ingested.accepted);
    }

    @Test
    void exhaustedRetriesFailWithARetryableError() {
        String table = uniqueTable("exhausted");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recoveryRetries(2).build();
        ZerobusStream stream = jsonStream(this.sdk, this.server, table, options);
        this.server.faults().failNextStreamCreations(100, Status.Code.UNAVAILABLE);
        this.server.faults().breakConnectionAfterRecords(10);
        Ingested ingested = ingestUntilFailure(stream, 2_000);

        await().atMost(Duration.ofSeconds(15)).until(() -> stream.state() == StreamState.FAILED);
        ZerobusException cause = failureOf(ingested.futures.get(ingested.futures.size() - 1));
        assertThat(cause.isRetryable()).isTrue();
        assertThat(cause.grpcStatus()).hasValue(Status.Code.UNAVAILABLE.value());

        this.server.faults().reset();
        try (ZerobusStream successor = this.sdk.recreateStream(stream)) {
            successor.flush();
        }
        TestStreams.assertStoredInOrder(this.server, table, ingested.accepted);
    }

    @Test
    void nonRetryableCreationFailureIsReportedAtOnce() {
        this.server.faults().failNextStreamCreations(1, Status.Code.NOT_FOUND);

        assertThatThrownBy(() -> jsonStream(this.sdk, this.server, uniqueTable("notfound")))
                .isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
                    assertThat(ex.isRetryable()).isFalse();
                    assertThat(ex.grpcStatus()).hasValue(Status.Code.NOT_FOUND.value());
                });
        // the next creation succeeds: nothing stuck
        try (ZerobusStream stream = jsonStream(this.sdk, this.server, uniqueTable("afternotfound"))) {
            stream.ingestRecord(json(0)).await();
        }
    }

    @Test
    void failedStreamKeepsItsRecordsThroughCloseAndSdkCloseAndAnotherSdkRecreatesThem() {
        String table = uniqueTable("kept");
        StreamConfigurationOptions options =
                TestStreams.fastOptions().toBuilder().recovery(false).build();
        ZerobusStream stream = jsonStream(this.sdk, this.server, table, options);
        this.server.faults().breakConnectionAfterRecords(5);
        Ingested ingested = ingestUntilFailure(stream, 500);
        await().atMost(Duration.ofSeconds(10)).until(() -> stream.state() == StreamState.FAILED);
        List<UnackedBatch> unacked = stream.unackedBatches();
        assertThat(unacked).isNotEmpty();

        assertThatThrownBy(stream::close).isInstanceOfSatisfying(ZerobusException.class, (ex) -> {
            assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.STREAM_FAILED);
            assertThat(ex.getMessage()).contains("unackedBatches");
        });
        assertThat(stream.unackedBatches()).hasSameSizeAs(unacked);
        this.sdk.close(); // the stream's close already reported the failure; the SDK does not repeat it
        assertThat(stream.unackedBatches())
                .as("copied to the heap when the SDK freed the native stream")
                .extracting(UnackedBatch::offset)
                .containsExactlyElementsOf(
                        unacked.stream().map(UnackedBatch::offset).toList());
        assertThat(stream.state()).isEqualTo(StreamState.FAILED);

        this.server.faults().reset();
        try (ZerobusSdk other = TestStreams.sdk(this.server);
                ZerobusStream successor = other.recreateStream(stream)) {
            successor.flush();
        }
        TestStreams.assertStoredInOrder(this.server, table, ingested.accepted);
        this.sdk = TestStreams.sdk(this.server);
    }

    @Test
    void recreateNeedsAnEndedStreamAndWorksOnce() {
        String table = uniqueTable("recreateonce");
        ZerobusStream stream = jsonStream(this.sdk, this.server, table);
        stream.ingestRecord(json(0));

        assertThatThrownBy(() -> this.sdk.recreateStream(stream))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("OPEN");

        stream.close();
        try (ZerobusStream successor = this.sdk.recreateStream(stream)) {
            assertThat(successor.tableName()).isEqualTo(table);
            successor.ingestRecord(json(1)).await();
        }
        assertThatThrownBy(() -> this.sdk.recreateStream(stream))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already recreated");
        TestStreams.assertStoredInOrder(this.server, table, 2);
    }

    private record Ingested(int accepted, List<CompletableFuture<Long>> futures) {}

    /** Ingests numbered records until the stream refuses one (it failed) or {@code max} were accepted. */
    private static Ingested ingestUntilFailure(ZerobusStream stream, int max) {
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        int accepted = 0;
        try {
            while (accepted < max) {
                futures.add(stream.ingestRecord(json(accepted)).future());
                accepted++;
            }
        } catch (ZerobusException ex) {
            assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.STREAM_FAILED);
        }
        return new Ingested(accepted, futures);
    }

    private static ZerobusException failureOf(CompletableFuture<Long> future) {
        Throwable error = future.handle((value, ex) -> ex).join();
        if (error instanceof CompletionException) {
            error = error.getCause();
        }
        assertThat(error).as("the last future failed").isInstanceOf(ZerobusException.class);
        return (ZerobusException) error;
    }

    /** The unacked batches are exactly the offsets after the watermark, in order, with their records. */
    private static void assertUnackedCoverTheTail(ZerobusStream stream, int accepted) {
        StreamStats stats = stream.stats();
        List<UnackedBatch> unacked = stream.unackedBatches();
        assertThat(stats.lastAssignedOffset()).isEqualTo(accepted - 1L);
        assertThat(unacked)
                .extracting(UnackedBatch::offset)
                .containsExactlyElementsOf(TestStreams.range((int) stats.lastAckedOffset() + 1, accepted).stream()
                        .map(Integer::longValue)
                        .toList());
        assertThat(unacked).allSatisfy((batch) -> assertThat(
                        TestStreams.seqOf(batch.jsonRecords().get(0)))
                .isEqualTo((int) batch.offset()));
    }
}
