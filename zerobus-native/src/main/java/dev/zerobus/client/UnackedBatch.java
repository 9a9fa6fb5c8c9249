package dev.zerobus.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One request that was ingested but never acknowledged, as retrievable from a closed or failed stream: its logical
 * offset and its records, in the order and with the batch boundaries they were ingested with. Re-ingest them (or use
 * {@link ZerobusSdk#recreateStream(ZerobusStream)}) so nothing is lost.
 */
public final class UnackedBatch {

    private final long offset;

    private final RecordType recordType;

    private final List<byte[]> payloads;

    UnackedBatch(long offset, RecordType recordType, byte[][] payloads) {
        this.offset = offset;
        this.recordType = recordType;
        List<byte[]> list = new ArrayList<>(payloads.length);
        Collections.addAll(list, payloads);
        this.payloads = Collections.unmodifiableList(list);
    }

    /** The unacked requests of a native stream, in order; empty unless it is CLOSED or FAILED. */
    static List<UnackedBatch> read(long stream, RecordType recordType) {
        long[] offsets = NativeBridge.unackedOffsets(stream);
        byte[][][] payloads = NativeBridge.unackedPayloads(stream);
        int count = Math.min(offsets.length, payloads.length);
        List<UnackedBatch> batches = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batches.add(new UnackedBatch(offsets[i], recordType, payloads[i]));
        }
        return Collections.unmodifiableList(batches);
    }

    /** The logical offset the request had on its stream. */
    public long offset() {
        return this.offset;
    }

    /** The record type of the stream the records came from. */
    public RecordType recordType() {
        return this.recordType;
    }

    /**
     * The records of the request (one for a single-record ingest): UTF-8 JSON for JSON streams, protobuf-encoded for
     * PROTO streams. The arrays are this batch's own copies.
     */
    public List<byte[]> payloads() {
        return this.payloads;
    }

    /** How many records the request carried. */
    public int size() {
        return this.payloads.size();
    }

    /**
     * The records decoded as UTF-8 JSON strings.
     *
     * @throws IllegalStateException when the records are protobuf-encoded
     */
    public List<String> jsonRecords() {
        if (this.recordType != RecordType.JSON) {
            throw new IllegalStateException("the records of offset " + this.offset + " are " + this.recordType
                    + "-encoded, not JSON; use payloads()");
        }
        List<String> json = new ArrayList<>(this.payloads.size());
        for (byte[] payload : this.payloads) {
            json.add(new String(payload, StandardCharsets.UTF_8));
        }
        return Collections.unmodifiableList(json);
    }

    /**
     * Ingests these records into another stream of the same record type as they were: one record alone, several as one
     * batch.
     *
     * @return the ack of the new request
     */
    public RecordAck ingestInto(ZerobusStream stream) {
        if (this.recordType == RecordType.JSON) {
            List<String> json = jsonRecords();
            return (json.size() == 1) ? stream.ingestRecord(json.get(0)) : stream.ingestJsonBatch(json);
        }
        return (this.payloads.size() == 1)
                ? stream.ingestRecord(this.payloads.get(0))
                : stream.ingestProtoBatch(this.payloads);
    }

    @Override
    public String toString() {
        return "UnackedBatch[offset=" + this.offset + ", type=" + this.recordType + ", records=" + this.payloads.size()
                + "]";
    }
}
