package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.TableStatus;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.StreamStatistics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Several streams per table, replacement of a failed stream with its records re-sent, idle close. */
@ExtendWith(OutputCaptureExtension.class)
class ZerobusPoolTests extends ServerPerTest {

    private static final String TABLE = "main.iot.readings";

    @Test
    void spreadsSendsOverSeveralStreamsPerTable() {
        Runners.against(this.server)
                .withPropertyValues("zerobus.tables." + TABLE + ".streams=3")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    for (int i = 0; i < 30; i++) {
                        template.sendAndWait(TABLE, "{\"id\":" + i + "}");
                    }
                    List<StreamStatistics> streams = this.server.streams();
                    assertThat(streams).hasSize(3).allMatch(s -> s.records() == 10);
                    TableStatus status =
                            context.getBean(ZerobusStreamPool.class).status(TABLE);
                    assertThat(status.openStreams()).isEqualTo(3);
                });
    }

    @Test
    void replacesAFailedStreamAtOnceAndResendsItsRecords(CapturedOutput output) throws Exception {
        Runners.against(this.server)
                .withPropertyValues("zerobus.stream.recovery=false")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":-1}");
                    ZerobusStreamPool pool = context.getBean(ZerobusStreamPool.class);
                    this.server.faults().acceptButNeverAck();
                    // Resets the connection: without recovery the stream fails for good with 200 unacked requests.
                    this.server.faults().breakConnectionAfterRecords(150);
                    List<CompletableFuture<IngestResult>> futures = new ArrayList<>();
                    for (int i = 0; i < 200; i++) {
                        futures.add(template.send(TABLE, "{\"id\":" + i + "}"));
                    }
                    // Replaced in the background, with no further send.
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() -> assertThat(pool.status(TABLE).replacements())
                                    .isEqualTo(1));
                    assertThat(futures).noneMatch(CompletableFuture::isDone);
                    this.server.faults().reset();
                    for (CompletableFuture<IngestResult> future : futures) {
                        future.get(20, TimeUnit.SECONDS);
                    }
                    Set<String> stored = new HashSet<>();
                    this.server.records(TABLE).stream()
                            .map(IngestedRecord::json)
                            .forEach(stored::add);
                    for (int i = 0; i < 200; i++) {
                        assertThat(stored).contains("{\"id\":" + i + "}");
                    }
                    assertThat(pool.status(TABLE).replacements()).isEqualTo(1);
                });
        assertThat(output).containsOnlyOnce("replacing it,");
        assertThat(output).containsOnlyOnce("re-sent 200 unacknowledged requests (200 records)");
    }

    @Test
    void closesIdleStreamsAndReopensOnTheNextSend() {
        Runners.against(this.server)
                .withPropertyValues("zerobus.pool.idle-timeout=300ms")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":1}");
                    await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(this.server.streams())
                            .noneMatch(StreamStatistics::open));
                    template.sendAndWait(TABLE, "{\"id\":2}");
                    assertThat(this.server.streamCreations()).isEqualTo(2);
                    assertThat(this.server.records(TABLE)).hasSize(2);
                });
    }
}
