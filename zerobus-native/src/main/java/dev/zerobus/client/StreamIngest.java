package dev.zerobus.client;

import java.util.List;

/**
 * The ingest calls of one {@link ZerobusStream}: argument checks, then the native call, directly ({@link IngestCall})
 * or, for single records when the stream lingers, through its {@link LingerBuffer}. Returns logical offsets; the
 * stream wraps them in {@link RecordAck}s.
 */
final class StreamIngest {

    private final NativeHandle handle;

    private final TableProperties table;

    private final IngestCall call;

    /** {@code null} unless {@link StreamConfigurationOptions#linger()} is positive. */
    private final LingerBuffer lingering;

    StreamIngest(NativeHandle handle, TableProperties table, StreamConfigurationOptions options) {
        this.handle = handle;
        this.table = table;
        this.call = new IngestCall(table.tableName(), options.maxBlock());
        this.lingering = options.linger().isZero()
                ? null
                : new LingerBuffer(handle, table.recordType(), table.tableName(), options);
    }

    long json(String json) {
        if (json == null) {
            throw StreamErrors.invalidArgument("the JSON record is null");
        }
        requireType(RecordType.JSON, "ingestRecord(String)");
        return single(IngestCall.JSON, Utf8.encode(json, "the JSON record"));
    }

    long proto(byte[] protoRecord) {
        if (protoRecord == null) {
            throw StreamErrors.invalidArgument("the protobuf record is null");
        }
        requireType(RecordType.PROTO, "ingestRecord(byte[])");
        return single(IngestCall.PROTO, protoRecord);
    }

    long jsonBatch(List<String> jsonRecords) {
        if (jsonRecords == null) {
            throw StreamErrors.invalidArgument("the JSON batch is null");
        }
        requireType(RecordType.JSON, "ingestJsonBatch");
        byte[][] utf8 = new byte[jsonRecords.size()][];
        int index = 0;
        for (String json : jsonRecords) {
            if (json == null) {
                throw StreamErrors.invalidArgument("record " + index + " of the JSON batch is null");
            }
            utf8[index] = Utf8.encode(json, "record " + index + " of the JSON batch");
            index++;
        }
        return batch(IngestCall.JSON_BATCH, utf8);
    }

    long protoBatch(List<byte[]> protoRecords) {
        if (protoRecords == null) {
            throw StreamErrors.invalidArgument("the protobuf batch is null");
        }
        requireType(RecordType.PROTO, "ingestProtoBatch");
        byte[][] records = protoRecords.toArray(new byte[0][]);
        for (int i = 0; i < records.length; i++) {
            if (records[i] == null) {
                throw StreamErrors.invalidArgument("record " + i + " of the protobuf batch is null");
            }
        }
        return batch(IngestCall.PROTO_BATCH, records);
    }

    /**
     * Hands lingering records to the native stream, so that waiting for acks (flush, waits, close) covers them.
     *
     * @return the last offset taken in Java, or -1 when there is none (the native stream knows every offset then)
     */
    long handOverLingering() {
        return (this.lingering != null) ? this.lingering.handOver() : -1;
    }

    /**
     * After the native close started: hands lingering records over and refuses further ones.
     *
     * @return the last offset taken in Java, or -1 when there is none
     */
    long closeLingering() {
        return (this.lingering != null) ? this.lingering.close() : -1;
    }

    private long single(int op, byte[] record) {
        if (this.lingering != null) {
            return this.lingering.take(record);
        }
        return this.call.run(op, this.handle.value(), record, null);
    }

    private long batch(int op, byte[][] records) {
        if (this.lingering != null) {
            return this.lingering.inOrder((stream) -> this.call.run(op, stream, null, records));
        }
        return this.call.run(op, this.handle.value(), null, records);
    }

    private void requireType(RecordType expected, String method) {
        if (this.table.recordType() != expected) {
            throw StreamErrors.invalidArgument(method + " needs a " + expected + " stream; the stream to table "
                    + this.table.tableName() + " takes " + this.table.recordType() + " records");
        }
    }
}
