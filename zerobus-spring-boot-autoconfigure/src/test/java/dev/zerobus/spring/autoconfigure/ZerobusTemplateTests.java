package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import dev.zerobus.spring.DeliveryFailedException;
import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.RecordRefusedException;
import dev.zerobus.spring.SendTimeoutException;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusSendException;
import dev.zerobus.spring.ZerobusSendListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One bad record never fails its neighbours; send() is bounded; failures carry the record. */
class ZerobusTemplateTests extends ServerPerTest {

    private static final String TABLE = "main.iot.readings";

    private static final String PROTO_TABLE = "main.iot.durations";

    @Test
    void protobufMessageOfAnotherTypeIsRefusedAtSendWhileNeighboursAreDelivered() {
        Runners.against(this.server)
                .withPropertyValues(
                        "zerobus.tables." + PROTO_TABLE + ".proto-message-class=com.google.protobuf.Duration")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    List<CompletableFuture<IngestResult>> futures = new ArrayList<>();
                    for (int i = 0; i < 1_000; i++) {
                        futures.add(template.send(
                                PROTO_TABLE, Duration.newBuilder().setSeconds(i).build()));
                        if (i == 500) {
                            Timestamp wrong =
                                    Timestamp.newBuilder().setSeconds(1).build();
                            assertThatExceptionOfType(RecordRefusedException.class)
                                    .isThrownBy(() -> template.send(PROTO_TABLE, wrong))
                                    .withMessageContaining("google.protobuf.Timestamp")
                                    .satisfies(ex -> assertThat(ex.getRecord()).isSameAs(wrong));
                        }
                    }
                    CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                            .get(20, TimeUnit.SECONDS);
                    assertThat(this.server.records(PROTO_TABLE)).hasSize(1_000);
                    assertThat(this.server.streamCreations()).isEqualTo(1);
                });
    }

    /**
     * Needs the client's duplicate-key check (INVALID_ARGUMENT at the ingest call), which lands in zerobus-native
     * separately: until then the assumption skips this test rather than letting it pass for the wrong reason. The
     * service-side refusal of such a record is covered by the next test.
     */
    @Test
    void duplicateKeyRecordIsRefusedAtSendWhileAThousandNeighboursAreDelivered() {
        Runners.against(this.server).run(context -> {
            assumeThat(this.clientRefusesDuplicateKeys(context.getBean(ZerobusSdk.class)))
                    .as("zerobus-native refuses {\"a\":1,\"a\":2} at the ingest call")
                    .isTrue();
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            List<CompletableFuture<IngestResult>> futures = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                futures.add(template.send(TABLE, "{\"id\":" + i + "}"));
                if (i == 500) {
                    assertThatExceptionOfType(RecordRefusedException.class)
                            .isThrownBy(() -> template.send(TABLE, "{\"id\":1,\"id\":2}"))
                            .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
                }
            }
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(20, TimeUnit.SECONDS);
            assertThat(this.server.records(TABLE)).hasSize(1_000);
        });
    }

    @Test
    void recordTheServiceRefusesFailsAloneWithItsCauseAndTheOthersAreDelivered() {
        Runners.against(this.server)
                .withPropertyValues(
                        "zerobus.tables." + PROTO_TABLE + ".proto-message-class=com.google.protobuf.Duration")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    List<CompletableFuture<IngestResult>> before = new ArrayList<>();
                    for (int i = 0; i < 100; i++) {
                        before.add(template.send(
                                PROTO_TABLE, Duration.newBuilder().setSeconds(i).build()));
                    }
                    // Not a valid encoding of any message: only the service can tell.
                    byte[] garbage = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
                    CompletableFuture<IngestResult> refused = template.send(PROTO_TABLE, garbage);
                    List<CompletableFuture<IngestResult>> after = new ArrayList<>();
                    for (int i = 100; i < 200; i++) {
                        after.add(template.send(
                                PROTO_TABLE, Duration.newBuilder().setSeconds(i).build()));
                    }
                    assertThatExceptionOfType(ExecutionException.class)
                            .isThrownBy(() -> refused.get(20, TimeUnit.SECONDS))
                            .havingCause()
                            .isInstanceOf(RecordRefusedException.class)
                            .satisfies(ex -> assertThat(((ZerobusSendException) ex).getRecord())
                                    .isSameAs(garbage));
                    for (CompletableFuture<IngestResult> future : before) {
                        future.get(20, TimeUnit.SECONDS);
                    }
                    for (CompletableFuture<IngestResult> future : after) {
                        future.get(20, TimeUnit.SECONDS);
                    }
                    assertThat(this.server.records(PROTO_TABLE).stream()
                                    .map(r -> parse(r.proto()).getSeconds())
                                    .distinct())
                            .hasSize(200);
                });
    }

    @Test
    void firstSendNeverWaitsBeyondMaxBlockWhileTheServerIsDown() {
        Runners.against(this.server)
                .withPropertyValues("zerobus.template.max-block=1s", "zerobus.stream.recovery-retries=10")
                .run(context -> {
                    this.server.stop();
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    long start = System.nanoTime();
                    assertThatExceptionOfType(ZerobusSendException.class)
                            .isThrownBy(() -> template.send(TABLE, "{\"id\":1}"))
                            .isInstanceOfAny(SendTimeoutException.class, DeliveryFailedException.class)
                            .satisfies(ex -> assertThat(ex.isRetryable()).isTrue());
                    long millis = (System.nanoTime() - start) / 1_000_000;
                    assertThat(millis).isLessThan(1_500);
                });
    }

    @Test
    void fullWindowDuringAStallWaitsAtMostMaxBlock() {
        Runners.against(this.server)
                .withPropertyValues("zerobus.template.max-block=500ms", "zerobus.stream.max-inflight-records=10")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":0}");
                    this.server.faults().acceptButNeverAck();
                    for (int i = 0; i < 10; i++) {
                        template.send(TABLE, "{\"id\":" + i + "}");
                    }
                    long start = System.nanoTime();
                    assertThatExceptionOfType(SendTimeoutException.class)
                            .isThrownBy(() -> template.send(TABLE, "{\"id\":11}"));
                    assertThat((System.nanoTime() - start) / 1_000_000).isBetween(400L, 1_500L);
                    this.server.faults().reset();
                });
    }

    @Test
    void sendAndWaitReturnsTheResultAndTheListenerSeesRecords() {
        List<Object> succeeded = new CopyOnWriteArrayList<>();
        List<Object> failed = new CopyOnWriteArrayList<>();
        ZerobusSendListener listener = new ZerobusSendListener() {
            @Override
            public void onSuccess(String table, Object record, IngestResult result) {
                succeeded.add(record);
            }

            @Override
            public void onError(String table, Object record, ZerobusSendException exception) {
                failed.add(record);
            }
        };
        Runners.against(this.server)
                .withBean(ZerobusSendListener.class, () -> listener)
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    IngestResult result = template.sendAndWait(TABLE, "{\"id\":1}");
                    assertThat(result.offset()).isZero();
                    assertThat(result.table()).isEqualTo(TABLE);
                    assertThatExceptionOfType(RecordRefusedException.class)
                            .isThrownBy(() -> template.send(TABLE, "{not json"));
                    assertThat(succeeded).containsExactly("{\"id\":1}");
                    assertThat(failed).containsExactly("{not json");
                });
    }

    @Test
    void invalidTableNamesAreRefusedBeforeAnythingElse() {
        Runners.against(this.server).run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            for (String table : List.of("not_a_table", "a.b.c.d", "a..b", " a.b.c")) {
                assertThatExceptionOfType(RecordRefusedException.class)
                        .isThrownBy(() -> template.send(table, "{}"))
                        .withMessageContaining("catalog.schema.table");
            }
            assertThat(this.server.streamCreations()).isZero();
        });
    }

    /** Whether the client refuses a duplicate-key object at the ingest call, probed on a stream of its own. */
    private boolean clientRefusesDuplicateKeys(ZerobusSdk sdk) {
        ZerobusStream stream = sdk.createStream(
                TableProperties.json("main.probe.duplicates"),
                this.server.clientId(),
                this.server.clientSecret(),
                null);
        try {
            stream.ingestRecord("{\"a\":1,\"a\":2}");
            return false;
        } catch (ZerobusException ex) {
            return ex.kind() == ZerobusException.Kind.INVALID_ARGUMENT;
        } finally {
            try {
                stream.close(java.time.Duration.ofSeconds(2));
            } catch (ZerobusException ex) {
                // the server refused the probe: the client did not
            }
        }
    }

    private static Duration parse(byte[] bytes) {
        try {
            return Duration.parseFrom(bytes);
        } catch (com.google.protobuf.InvalidProtocolBufferException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
