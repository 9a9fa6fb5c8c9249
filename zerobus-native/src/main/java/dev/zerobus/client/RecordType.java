package dev.zerobus.client;

/** How the records of a stream are encoded; fixed when the stream is created. */
public enum RecordType {
    /** Each record is one JSON object, sent as UTF-8 text. */
    JSON(NativeBridge.RECORD_TYPE_JSON),
    /** Each record is one protobuf-encoded message of the stream's descriptor. */
    PROTO(NativeBridge.RECORD_TYPE_PROTO);

    private final int wireValue;

    RecordType(int wireValue) {
        this.wireValue = wireValue;
    }

    /** The {@code RecordType} enum value of the wire protocol. */
    int wireValue() {
        return this.wireValue;
    }
}
