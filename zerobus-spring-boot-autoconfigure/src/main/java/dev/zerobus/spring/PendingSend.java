package dev.zerobus.spring;

import dev.zerobus.client.ZerobusException;
import java.util.concurrent.CompletableFuture;

/**
 * A request handed to a pooled stream and not yet settled: the future the application holds, which outlives the
 * stream when the stream fails and the request is re-sent on its replacement.
 */
final class PendingSend {

    final String table;

    final int records;

    final CompletableFuture<IngestResult> future = new CompletableFuture<>();

    PendingSend(String table, int records) {
        this.table = table;
        this.records = records;
    }

    void succeed(long offset) {
        this.future.complete(new IngestResult(this.table, offset, this.records));
    }

    void fail(ZerobusException cause) {
        this.future.completeExceptionally(cause);
    }
}
