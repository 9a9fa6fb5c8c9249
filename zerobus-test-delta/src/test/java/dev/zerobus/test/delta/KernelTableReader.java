package dev.zerobus.test.delta;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.data.Row;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/** Reads the test table back with Delta Kernel's scan API (the reading half of the library the server writes with). */
final class KernelTableReader {

    private KernelTableReader() {}

    static List<Reading> read(Path table) throws IOException {
        Engine engine = DefaultEngine.create(new Configuration());
        Snapshot snapshot = Table.forPath(engine, table.toUri().toString()).getLatestSnapshot(engine);
        Scan scan = snapshot.getScanBuilder().build();
        Row scanState = scan.getScanState(engine);
        StructType schema = snapshot.getSchema(); // no column mapping: the physical schema is the logical one
        List<Reading> rows = new ArrayList<>();
        try (CloseableIterator<FilteredColumnarBatch> scanFiles = scan.getScanFiles(engine)) {
            while (scanFiles.hasNext()) {
                try (CloseableIterator<Row> files = scanFiles.next().getRows()) {
                    while (files.hasNext()) {
                        Row scanFile = files.next();
                        FileStatus file = InternalScanFileUtils.getAddFileStatus(scanFile);
                        CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler()
                                .readParquetFiles(Iterators.of(file), schema, Optional.empty())
                                .map(FileReadResult::getData);
                        try (CloseableIterator<FilteredColumnarBatch> data =
                                Scan.transformPhysicalData(engine, scanState, scanFile, physical)) {
                            while (data.hasNext()) {
                                try (CloseableIterator<Row> batchRows =
                                        data.next().getRows()) {
                                    while (batchRows.hasNext()) {
                                        rows.add(reading(batchRows.next(), schema));
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static Reading reading(Row row, StructType schema) {
        Row location = row.getStruct(schema.indexOf("location"));
        io.delta.kernel.data.ArrayValue tags = row.getArray(schema.indexOf("tags"));
        List<String> tagList = new ArrayList<>();
        for (int i = 0; i < tags.getSize(); i++) {
            tagList.add(tags.getElements().getString(i));
        }
        MapValue attrs = row.getMap(schema.indexOf("attrs"));
        return new Reading(
                row.getLong(schema.indexOf("seq")),
                row.getString(schema.indexOf("device_id")),
                row.getLong(schema.indexOf("ts")),
                row.getLong(schema.indexOf("local_ts")),
                row.getDouble(schema.indexOf("temp")),
                row.getShort(schema.indexOf("level")),
                row.getDecimal(schema.indexOf("price")),
                Base64.getEncoder().encodeToString(row.getBinary(schema.indexOf("payload"))),
                row.getInt(schema.indexOf("day")),
                row.getBoolean(schema.indexOf("ok")),
                location.getDouble(0),
                location.getString(1),
                tagList,
                Map.of(attrs.getKeys().getString(0), attrs.getValues().getInt(0)),
                row.getString(schema.indexOf("extra")));
    }
}
