package dev.zerobus.test.delta;

import dev.zerobus.test.table.TableSchema;
import dev.zerobus.test.table.TableWriter;
import dev.zerobus.test.table.TableWriterProvider;
import io.delta.kernel.Operation;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;

/**
 * The {@code delta} output of the test server (registered through {@link java.util.ServiceLoader}): a Delta Lake table
 * per declared table, written with Delta Kernel's default engine on the local file system. Opening creates the table
 * (protocol, metadata and schema in commit 0) when the directory has none, and checks the schema when it has one, so a
 * restart appends.
 */
public final class DeltaTableWriterProvider implements TableWriterProvider {

    @Override
    public String format() {
        return "delta";
    }

    @Override
    public TableWriter open(Path directory, String tableName, TableSchema schema) throws IOException {
        Files.createDirectories(directory);
        Engine engine = DefaultEngine.create(new Configuration());
        StructType declared = KernelSchemas.of(schema);
        Table table = Table.forPath(engine, directory.toAbsolutePath().toUri().toString());
        try {
            Snapshot snapshot = table.getLatestSnapshot(engine);
            if (!snapshot.getSchema().equivalent(declared)) {
                throw new IllegalStateException("the Delta table of " + tableName + " at " + directory
                        + " has the schema " + snapshot.getSchema() + ", not the declared " + declared
                        + "; point deltaDirectory elsewhere or delete the table");
            }
        } catch (TableNotFoundException absent) {
            table.createTransactionBuilder(engine, DeltaTableWriter.ENGINE_INFO, Operation.CREATE_TABLE)
                    .withSchema(engine, declared)
                    .build(engine)
                    .commit(engine, CloseableIterable.emptyIterable());
        }
        return new DeltaTableWriter(engine, table, declared);
    }
}
