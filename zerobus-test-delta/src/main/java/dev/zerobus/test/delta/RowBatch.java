package dev.zerobus.test.delta;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.types.StructType;
import java.util.ArrayList;
import java.util.List;

/** The rows of one commit as a Delta Kernel batch: column {@code i} is field {@code i} of every row. */
final class RowBatch implements ColumnarBatch {

    private final StructType schema;
    private final List<Object[]> rows;

    RowBatch(StructType schema, List<Object[]> rows) {
        this.schema = schema;
        this.rows = rows;
    }

    @Override
    public StructType getSchema() {
        return schema;
    }

    @Override
    public ColumnVector getColumnVector(int ordinal) {
        List<Object> column = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            column.add(row[ordinal]);
        }
        return new RowValueVector(schema.at(ordinal).getDataType(), column);
    }

    @Override
    public int getSize() {
        return rows.size();
    }
}
