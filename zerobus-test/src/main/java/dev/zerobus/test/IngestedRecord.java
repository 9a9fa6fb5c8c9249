package dev.zerobus.test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** One record the test server made durable, in the order it was stored. Immutable. */
public final class IngestedRecord {

    private final String table;
    private final String streamId;
    private final long offset;
    private final int indexInRequest;
    private final String json;
    private final byte[] proto;

    private IngestedRecord(String table, String streamId, long offset, int indexInRequest, String json, byte[] proto) {
        this.table = table;
        this.streamId = streamId;
        this.offset = offset;
        this.indexInRequest = indexInRequest;
        this.json = json;
        this.proto = proto;
    }

    static IngestedRecord json(String table, String streamId, long offset, int indexInRequest, String json) {
        return new IngestedRecord(table, streamId, offset, indexInRequest, json, null);
    }

    static IngestedRecord proto(String table, String streamId, long offset, int indexInRequest, byte[] proto) {
        return new IngestedRecord(table, streamId, offset, indexInRequest, null, proto);
    }

    /** The table (catalog.schema.table) the record was written to. */
    public String table() {
        return table;
    }

    /** The id of the stream (the {@code stream_id} the server answered to {@code create_stream}). */
    public String streamId() {
        return streamId;
    }

    /** The wire offset of the request that carried the record (offsets restart at 0 on every stream). */
    public long offset() {
        return offset;
    }

    /** Position of the record inside its request: 0 for single-record requests, 0..n-1 inside a batch. */
    public int indexInRequest() {
        return indexInRequest;
    }

    /** True for a JSON record, false for a PROTO record. */
    public boolean isJson() {
        return json != null;
    }

    /** The JSON text; {@code null} for a PROTO record. */
    public String json() {
        return json;
    }

    /** A copy of the serialized protobuf message; {@code null} for a JSON record. */
    public byte[] proto() {
        return proto == null ? null : proto.clone();
    }

    /** Size of the payload in bytes (UTF-8 for JSON). */
    public int size() {
        return json != null ? json.getBytes(StandardCharsets.UTF_8).length : proto.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IngestedRecord that
                && offset == that.offset
                && indexInRequest == that.indexInRequest
                && table.equals(that.table)
                && streamId.equals(that.streamId)
                && java.util.Objects.equals(json, that.json)
                && Arrays.equals(proto, that.proto);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(table, streamId, offset, indexInRequest, json, Arrays.hashCode(proto));
    }

    @Override
    public String toString() {
        String payload = json != null ? abbreviate(json) : proto.length + " proto bytes";
        return "IngestedRecord[" + table + " stream=" + streamId + " offset=" + offset + "/" + indexInRequest + " "
                + payload + "]";
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }
}
