package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import java.util.function.Function;

/**
 * The default conversion: {@code String} as JSON text, protobuf {@link Message} as PROTO with its own descriptor,
 * {@code byte[]} as PROTO with the descriptor configured for the table, anything else as JSON through Jackson.
 */
public class DefaultRecordConverter implements RecordConverter {

    private final Function<Object, String> jsonWriter;

    private final Function<String, Descriptor> tableDescriptors;

    /**
     * @param jsonWriter writes an object as one JSON object (see {@link JsonMapperRecordWriter}), or {@code null} when
     *     Jackson is absent (then only strings, messages and bytes are accepted)
     * @param tableDescriptors the protobuf descriptor configured for a table, or {@code null} for none
     */
    public DefaultRecordConverter(Function<Object, String> jsonWriter, Function<String, Descriptor> tableDescriptors) {
        this.jsonWriter = jsonWriter;
        this.tableDescriptors = tableDescriptors;
    }

    @Override
    public ZerobusRecord convert(String table, Object record) {
        if (record instanceof String json) {
            return ZerobusRecord.json(json);
        }
        if (record instanceof Message message) {
            return ZerobusRecord.proto(message.toByteArray(), message.getDescriptorForType());
        }
        if (record instanceof byte[] bytes) {
            Descriptor descriptor = this.tableDescriptors.apply(table);
            if (descriptor == null) {
                throw new RecordConversionException(
                        "A byte[] record for table '" + table + "' needs a protobuf descriptor: set zerobus.tables."
                                + table + ".proto-message-class to the generated message class",
                        null);
            }
            return ZerobusRecord.proto(bytes, descriptor);
        }
        if (this.jsonWriter == null) {
            throw new RecordConversionException(
                    "Cannot convert " + record.getClass().getName() + " to JSON: Jackson is not on the classpath",
                    null);
        }
        return ZerobusRecord.json(this.jsonWriter.apply(record));
    }
}
