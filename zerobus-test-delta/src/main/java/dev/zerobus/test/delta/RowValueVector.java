package dev.zerobus.test.delta;

import io.delta.kernel.data.ArrayValue;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.MapValue;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StructType;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Delta Kernel column over the Java values of the test server's rows (see {@link
 * dev.zerobus.test.table.TableWriter}): STRUCT values are {@code Object[]}, ARRAY {@code List}, MAP {@code Map}.
 */
final class RowValueVector implements ColumnVector {

    private final DataType type;
    private final List<?> values;

    RowValueVector(DataType type, List<?> values) {
        this.type = type;
        this.values = values;
    }

    @Override
    public DataType getDataType() {
        return type;
    }

    @Override
    public int getSize() {
        return values.size();
    }

    @Override
    public void close() {}

    @Override
    public boolean isNullAt(int rowId) {
        return values.get(rowId) == null;
    }

    @Override
    public boolean getBoolean(int rowId) {
        return (Boolean) values.get(rowId);
    }

    @Override
    public byte getByte(int rowId) {
        return (Byte) values.get(rowId);
    }

    @Override
    public short getShort(int rowId) {
        return (Short) values.get(rowId);
    }

    @Override
    public int getInt(int rowId) {
        return (Integer) values.get(rowId);
    }

    @Override
    public long getLong(int rowId) {
        return (Long) values.get(rowId);
    }

    @Override
    public float getFloat(int rowId) {
        return (Float) values.get(rowId);
    }

    @Override
    public double getDouble(int rowId) {
        return (Double) values.get(rowId);
    }

    @Override
    public byte[] getBinary(int rowId) {
        return (byte[]) values.get(rowId);
    }

    @Override
    public String getString(int rowId) {
        return (String) values.get(rowId);
    }

    @Override
    public BigDecimal getDecimal(int rowId) {
        return (BigDecimal) values.get(rowId);
    }

    /** The struct field {@code ordinal} of every row (null where the struct itself is null). */
    @Override
    public ColumnVector getChild(int ordinal) {
        StructType struct = (StructType) type;
        List<Object> child = new ArrayList<>(values.size());
        for (Object value : values) {
            child.add(value == null ? null : ((Object[]) value)[ordinal]);
        }
        return new RowValueVector(struct.at(ordinal).getDataType(), child);
    }

    @Override
    public ArrayValue getArray(int rowId) {
        List<?> elements = (List<?>) values.get(rowId);
        DataType elementType = ((io.delta.kernel.types.ArrayType) type).getElementType();
        return new ArrayValue() {
            @Override
            public int getSize() {
                return elements.size();
            }

            @Override
            public ColumnVector getElements() {
                return new RowValueVector(elementType, elements);
            }
        };
    }

    @Override
    public MapValue getMap(int rowId) {
        Map<?, ?> entries = (Map<?, ?>) values.get(rowId);
        io.delta.kernel.types.MapType mapType = (io.delta.kernel.types.MapType) type;
        List<Object> keys = new ArrayList<>(entries.keySet());
        List<Object> mapValues = new ArrayList<>(entries.values());
        return new MapValue() {
            @Override
            public int getSize() {
                return keys.size();
            }

            @Override
            public ColumnVector getKeys() {
                return new RowValueVector(mapType.getKeyType(), keys);
            }

            @Override
            public ColumnVector getValues() {
                return new RowValueVector(mapType.getValueType(), mapValues);
            }
        };
    }
}
