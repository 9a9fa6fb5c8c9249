package dev.zerobus.test.delta;

import dev.zerobus.test.table.Column;
import dev.zerobus.test.table.DeltaType;
import dev.zerobus.test.table.TableSchema;
import io.delta.kernel.types.ArrayType;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.BooleanType;
import io.delta.kernel.types.ByteType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DateType;
import io.delta.kernel.types.DecimalType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FieldMetadata;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.LongType;
import io.delta.kernel.types.MapType;
import io.delta.kernel.types.ShortType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.types.TimestampNTZType;
import io.delta.kernel.types.TimestampType;
import java.util.ArrayList;
import java.util.List;

/**
 * A declared schema as Delta Kernel's {@link StructType}. VARIANT columns are written as STRING holding the JSON text
 * (Delta Kernel does not write the variant encoding), marked with the field metadata {@value #VARIANT_KEY} = true so that
 * a reader can tell.
 */
final class KernelSchemas {

    /** Field metadata key on a STRING column that stands for a VARIANT column of the Unity Catalog table. */
    static final String VARIANT_KEY = "zerobus.variantAsJson";

    private KernelSchemas() {}

    static StructType of(TableSchema schema) {
        return struct(schema.columns());
    }

    private static StructType struct(List<Column> columns) {
        List<StructField> fields = new ArrayList<>();
        for (Column column : columns) {
            FieldMetadata metadata = column.type() == DeltaType.VARIANT
                    ? FieldMetadata.builder().putBoolean(VARIANT_KEY, true).build()
                    : FieldMetadata.empty();
            fields.add(new StructField(column.name(), type(column.type()), column.nullable(), metadata));
        }
        return new StructType(fields);
    }

    static DataType type(DeltaType type) {
        if (type instanceof DeltaType.Decimal decimal) {
            return new DecimalType(decimal.precision(), decimal.scale());
        }
        if (type instanceof DeltaType.Array array) {
            return new ArrayType(type(array.element()), array.containsNull());
        }
        if (type instanceof DeltaType.Map map) {
            return new MapType(type(map.key()), type(map.value()), map.valueContainsNull());
        }
        if (type instanceof DeltaType.Struct struct) {
            return struct(struct.fields());
        }
        return switch ((DeltaType.Primitive) type) {
            case BOOLEAN -> BooleanType.BOOLEAN;
            case BYTE -> ByteType.BYTE;
            case SHORT -> ShortType.SHORT;
            case INT -> IntegerType.INTEGER;
            case LONG -> LongType.LONG;
            case FLOAT -> FloatType.FLOAT;
            case DOUBLE -> DoubleType.DOUBLE;
            case STRING, VARIANT -> StringType.STRING;
            case BINARY -> BinaryType.BINARY;
            case DATE -> DateType.DATE;
            case TIMESTAMP -> TimestampType.TIMESTAMP;
            case TIMESTAMP_NTZ -> TimestampNTZType.TIMESTAMP_NTZ;
        };
    }
}
