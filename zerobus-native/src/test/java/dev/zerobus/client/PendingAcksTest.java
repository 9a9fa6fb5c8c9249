package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PendingAcksTest {

    private final PendingAcks pending = new PendingAcks();

    @Test
    void completesEverythingUpToTheWatermarkInOffsetOrder() {
        List<Long> completionOrder = new ArrayList<>();
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (long offset : new long[] {5, 1, 3, 0, 4, 2}) {
            CompletableFuture<Long> future = this.pending.futureFor(offset, -1);
            future.thenAccept(completionOrder::add);
            futures.add(future);
        }

        this.pending.completeUpTo(3);

        assertThat(completionOrder).containsExactly(0L, 1L, 2L, 3L);
        assertThat(this.pending.isEmpty()).isFalse();
        this.pending.completeUpTo(2);
        assertThat(completionOrder).as("a stale watermark is no progress").hasSize(4);
        this.pending.completeUpTo(5);
        assertThat(completionOrder).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
        assertThat(futures).allSatisfy((f) -> assertThat(f).isCompleted());
        assertThat(this.pending.isEmpty()).isTrue();
    }

    @Test
    void manyInOrderFuturesWithStragglersCompleteInOrder() {
        List<Long> completionOrder = new ArrayList<>();
        for (long offset = 0; offset < 1_000; offset += 2) {
            this.pending.futureFor(offset, -1).thenAccept(completionOrder::add);
        }
        for (long offset = 1; offset < 1_000; offset += 2) {
            this.pending.futureFor(offset, -1).thenAccept(completionOrder::add);
        }

        this.pending.completeUpTo(499);
        this.pending.completeUpTo(999);

        assertThat(completionOrder).hasSize(1_000).isSorted();
        assertThat(this.pending.isEmpty()).isTrue();
    }

    @Test
    void aFutureAskedForWhileLowerOnesCompleteWaitsForThem() {
        List<Long> completionOrder = new ArrayList<>();
        this.pending.futureFor(0, -1).thenAccept((offset) -> {
            // A producer asks for offset 2, which the native watermark already covers, while 0 and 1 are completing.
            this.pending.futureFor(2, 2).thenAccept(completionOrder::add);
            completionOrder.add(offset);
        });
        this.pending.futureFor(1, -1).thenAccept(completionOrder::add);

        this.pending.completeUpTo(2);

        assertThat(completionOrder).containsExactly(0L, 1L, 2L);
        assertThat(this.pending.futureFor(2, 2)).as("settled now").isCompletedWithValue(2L);
        assertThat(this.pending.isEmpty()).isTrue();
    }

    @Test
    void sameOffsetSharesOneFutureAndAckedOffsetsCompleteAtOnce() {
        assertThat(this.pending.futureFor(7, -1)).isSameAs(this.pending.futureFor(7, -1));
        this.pending.futureFor(8, -1);
        assertThat(this.pending.futureFor(7, -1))
                .as("out of order, still shared")
                .isSameAs(this.pending.futureFor(7, -1));

        this.pending.completeUpTo(9);

        assertThat(this.pending.futureFor(8, -1)).isCompletedWithValue(8L);
        assertThat(this.pending.futureFor(-1, -1)).isCompletedWithValue(-1L);
    }

    @Test
    void terminateCompletesCoveredOffsetsAndFailsTheRestWithTheCause() {
        CompletableFuture<Long> acked = this.pending.futureFor(1, -1);
        CompletableFuture<Long> lost = this.pending.futureFor(2, -1);
        ZerobusException cause = new ZerobusException("boom", ZerobusException.Kind.SERVER, false, 7, null);

        this.pending.terminate(1, cause);
        this.pending.terminate(5, new ZerobusException("later", ZerobusException.Kind.INTERNAL, false));

        assertThat(acked).isCompletedWithValue(1L);
        assertThat(lost).isCompletedExceptionally();
        assertThat(lost.handle((value, error) -> error).join()).isSameAs(cause);
        assertThat(this.pending.futureFor(3, -1).handle((value, error) -> error).join())
                .isSameAs(cause);
        assertThat(this.pending.isTerminated()).isTrue();
    }
}
