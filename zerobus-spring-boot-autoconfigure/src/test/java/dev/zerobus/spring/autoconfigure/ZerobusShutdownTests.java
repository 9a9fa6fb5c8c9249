package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.client.UnackedBatch;
import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.UndeliveredRecordsHandler;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.test.StreamStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Shutdown is bounded by zerobus.shutdown.flush-timeout, sends nothing after it and settles every future. */
@ExtendWith(OutputCaptureExtension.class)
class ZerobusShutdownTests extends ServerPerTest {

    private static final String TABLE = "main.iot.readings";

    @Test
    void stalledAcksCloseWithinTheTimeoutSettleEveryFutureAndHandOverTheRecords(CapturedOutput output)
            throws Exception {
        Map<String, Long> handedOver = new ConcurrentHashMap<>();
        List<CompletableFuture<IngestResult>> futures = new ArrayList<>();
        AtomicLong closeMillis = new AtomicLong();
        Runners.against(this.server)
                .withPropertyValues("zerobus.shutdown.flush-timeout=2s")
                .withBean(
                        UndeliveredRecordsHandler.class,
                        () -> (table, batches) -> handedOver.merge(
                                table,
                                batches.stream().mapToLong(UnackedBatch::size).sum(),
                                Long::sum))
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":-1}");
                    this.server.faults().acceptButNeverAck();
                    for (int i = 0; i < 1_000; i++) {
                        futures.add(template.send(TABLE, "{\"id\":" + i + "}"));
                    }
                    long start = System.nanoTime();
                    context.close();
                    closeMillis.set((System.nanoTime() - start) / 1_000_000);
                });
        // 2 s bound, plus the stream's end grace.
        assertThat(closeMillis.get()).isLessThan(2_000 + 1_500);
        assertThat(futures).allMatch(CompletableFuture::isDone).allMatch(CompletableFuture::isCompletedExceptionally);
        assertThat(handedOver).containsEntry(TABLE, 1_000L);
        long requests = requestsStored();
        Thread.sleep(1_000);
        assertThat(requestsStored()).as("nothing re-sent after the close").isEqualTo(requests);
        assertThat(output)
                .containsOnlyOnce("1000 records (1000 requests) of table " + TABLE + " were not acknowledged");
        assertThat(output).doesNotContain("Replacing");
    }

    @Test
    void cleanShutdownDeliversEverythingAndWarnsOfNothing(CapturedOutput output) {
        List<CompletableFuture<IngestResult>> futures = new ArrayList<>();
        Runners.against(this.server)
                .withPropertyValues("zerobus.pool.streams-per-table=3")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    for (int i = 0; i < 3_000; i++) {
                        futures.add(template.send(TABLE, "{\"id\":" + i + "}"));
                    }
                });
        assertThat(futures).allMatch(f -> f.isDone() && !f.isCompletedExceptionally());
        assertThat(this.server.records(TABLE)).hasSize(3_000);
        assertThat(output).doesNotContain("WARN").doesNotContain("ERROR").doesNotContain("Replacing");
    }

    private long requestsStored() {
        return this.server.streams().stream()
                .mapToLong(StreamStatistics::requests)
                .sum();
    }
}
