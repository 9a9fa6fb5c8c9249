package dev.zerobus.test.delta;

import dev.zerobus.test.table.TableWriter;
import io.delta.kernel.DataWriteContext;
import io.delta.kernel.Operation;
import io.delta.kernel.Table;
import io.delta.kernel.Transaction;
import io.delta.kernel.TransactionCommitResult;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.hook.PostCommitHook;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.DataFileStatus;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Appends rows to one Delta table: each {@link #commit} writes its rows as one Parquet file (more past Delta Kernel's
 * target file size, 128 MiB by default) and one commit in {@code _delta_log}.
 */
final class DeltaTableWriter implements TableWriter {

    static final String ENGINE_INFO = "zerobus-test";

    private final Engine engine;
    private final Table table;
    private final StructType schema;

    DeltaTableWriter(Engine engine, Table table, StructType schema) {
        this.engine = engine;
        this.table = table;
        this.schema = schema;
    }

    @Override
    public void commit(List<Object[]> rows) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        Transaction transaction = table.createTransactionBuilder(engine, ENGINE_INFO, Operation.WRITE)
                .build(engine);
        Row state = transaction.getTransactionState(engine);
        FilteredColumnarBatch batch = new FilteredColumnarBatch(new RowBatch(schema, rows), Optional.empty());
        CloseableIterator<FilteredColumnarBatch> physical =
                Transaction.transformLogicalData(engine, state, Iterators.of(batch), Map.of());
        DataWriteContext context = Transaction.getWriteContext(engine, state, Map.of());
        CloseableIterator<DataFileStatus> files = engine.getParquetHandler()
                .writeParquetFiles(context.getTargetDirectory(), physical, context.getStatisticsColumns());
        CloseableIterator<Row> actions = Transaction.generateAppendActions(engine, state, files, context);
        TransactionCommitResult result = transaction.commit(engine, CloseableIterable.inMemoryIterable(actions));
        // The hooks write a checkpoint every ten commits (and the log's checksum): without them every commit and every
        // reader replays the whole log, and a server committing several times a second slows down by the hour.
        for (PostCommitHook hook : result.getPostCommitHooks()) {
            hook.threadSafeInvoke(engine);
        }
    }

    @Override
    public void close() {
        // Nothing is held open between commits.
    }
}
