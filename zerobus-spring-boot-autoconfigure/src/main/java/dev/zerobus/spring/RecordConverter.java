package dev.zerobus.spring;

/**
 * Turns an application object into a {@link ZerobusRecord}. Declare a bean of this type to replace the default
 * conversion ({@link DefaultRecordConverter}).
 */
@FunctionalInterface
public interface RecordConverter {

    /**
     * @param table the table the record is sent to, for per-table settings such as a protobuf descriptor
     * @param record the application object, never {@code null}
     * @return the record for the wire
     * @throws RecordConversionException when the object cannot be converted
     */
    ZerobusRecord convert(String table, Object record);
}
