package dev.zerobus.test;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.RecordType;
import java.util.List;

/**
 * Checks the records of one ingest request against its stream: record kind, the 10 MiB request limit, and content
 * (strict JSON object, or a protobuf message of the stream's descriptor). In quick (benchmark) mode JSON is checked by
 * its first byte, PROTO not parsed, and no records are materialized. Messages name the offset and, in a batch, the
 * record index. Offsets are the session's business. Confined to the stream's I/O thread.
 */
final class IngestRequestChecker {

    /**
     * A request that passed: its records ({@code null} in quick mode), how many, their payload bytes, and their rows
     * when the table's output is written ({@code null} otherwise).
     */
    record Accepted(List<IngestedRecord> records, int count, long bytes, List<Object[]> rows) {}

    /** Why a request is refused; cheap (no stack trace), the message is meant for the client. */
    static final class Refusal extends Exception {
        Refusal(String message) {
            super(message, null, false, false);
        }
    }

    private final String table;
    private final String streamId;
    private final RecordType recordType;
    private final Descriptor descriptor;
    private final boolean quick;
    private final TableBinding binding;

    /** {@code binding}: the declared table's checks, or null for an undeclared table (then any record is a row). */
    IngestRequestChecker(
            String table,
            String streamId,
            RecordType recordType,
            Descriptor descriptor,
            boolean quick,
            TableBinding binding) {
        this.table = table;
        this.streamId = streamId;
        this.recordType = recordType;
        this.descriptor = descriptor;
        this.quick = quick;
        this.binding = binding;
    }

    Accepted check(IngestRecordRequest request) throws Refusal {
        long offset = request.getOffsetId();
        ByteString payload;
        boolean json;
        switch (request.getRecordCase()) {
            case JSON_RECORD -> {
                payload = request.getJsonRecordBytes();
                json = true;
            }
            case PROTO_ENCODED_RECORD -> {
                payload = request.getProtoEncodedRecord();
                json = false;
            }
            default -> throw new Refusal("offset " + offset + ": ingest_record has no record");
        }
        checkKind(json, offset);
        checkSize(payload.size(), offset);
        if (quick) {
            quickCheck(json, payload, offset, -1);
            return new Accepted(null, 1, payload.size(), null);
        }
        Object[][] rows = rowsFor(1);
        return new Accepted(
                List.of(record(json, payload, offset, 0, -1, rows)),
                1,
                payload.size(),
                rows == null ? null : List.of(rows));
    }

    Accepted check(IngestRecordBatchRequest request) throws Refusal {
        long offset = request.getOffsetId();
        List<ByteString> payloads;
        boolean json;
        switch (request.getBatchCase()) {
            case JSON_BATCH -> {
                payloads = request.getJsonBatch().getRecordsList().asByteStringList();
                json = true;
            }
            case PROTO_ENCODED_BATCH -> {
                payloads = request.getProtoEncodedBatch().getRecordsList();
                json = false;
            }
            default -> throw new Refusal("offset " + offset + ": ingest_record_batch has no batch");
        }
        checkKind(json, offset);
        if (payloads.isEmpty()) {
            throw new Refusal("offset " + offset + ": empty batch");
        }
        long size = 0;
        for (ByteString payload : payloads) {
            size += payload.size();
        }
        checkSize(size, offset);
        if (quick) {
            for (int i = 0; i < payloads.size(); i++) {
                quickCheck(json, payloads.get(i), offset, i);
            }
            return new Accepted(null, payloads.size(), size, null);
        }
        IngestedRecord[] records = new IngestedRecord[payloads.size()];
        Object[][] rows = rowsFor(records.length);
        for (int i = 0; i < records.length; i++) {
            records[i] = record(json, payloads.get(i), offset, i, i, rows);
        }
        return new Accepted(List.of(records), records.length, size, rows == null ? null : List.of(rows));
    }

    private void checkKind(boolean json, long offset) throws Refusal {
        if (json != (recordType == RecordType.JSON)) {
            throw new Refusal(
                    "offset " + offset + ": " + (json ? "JSON" : "PROTO") + " record on a " + recordType + " stream");
        }
    }

    private static void checkSize(long size, long offset) throws Refusal {
        if (size > RecordValidator.MAX_REQUEST_BYTES) {
            throw new Refusal("offset " + offset + ": request carries " + size + " bytes of records, over the limit of "
                    + RecordValidator.MAX_REQUEST_BYTES + " bytes (10 MiB)");
        }
    }

    private static void quickCheck(boolean json, ByteString payload, long offset, int batchIndex) throws Refusal {
        String problem = json ? RecordValidator.quickJsonProblem(payload) : null;
        if (problem != null) {
            throw new Refusal(where(offset, batchIndex) + ": " + problem);
        }
    }

    private Object[][] rowsFor(int count) {
        return binding != null && binding.written() ? new Object[count][] : null;
    }

    /** Checks one record (against the table's schema when declared); its row goes to {@code rows[index]} if wanted. */
    private IngestedRecord record(
            boolean json, ByteString payload, long offset, int index, int batchIndex, Object[][] rows) throws Refusal {
        if (json) {
            String text = payload.toStringUtf8();
            if (binding == null) {
                String problem = RecordValidator.jsonProblem(payload, text);
                if (problem != null) {
                    throw new Refusal(where(offset, batchIndex) + ": " + problem);
                }
            } else {
                if (!payload.isValidUtf8()) {
                    throw new Refusal(where(offset, batchIndex) + ": not valid UTF-8");
                }
                Object[] row = readRow(() -> binding.json().read(text), offset, batchIndex);
                if (rows != null) {
                    rows[index] = row;
                }
            }
            return IngestedRecord.json(table, streamId, offset, index, text);
        }
        com.google.protobuf.DynamicMessage message;
        try {
            message = RecordValidator.parseProto(descriptor, payload);
        } catch (SchemaViolation e) {
            throw new Refusal(where(offset, batchIndex) + ": " + e.getMessage());
        }
        if (binding != null) {
            Object[] row = readRow(() -> binding.proto().read(message), offset, batchIndex);
            if (rows != null) {
                rows[index] = row;
            }
        }
        return IngestedRecord.proto(table, streamId, offset, index, payload.toByteArray());
    }

    private interface RowRead {
        Object[] read() throws SchemaViolation;
    }

    private static Object[] readRow(RowRead read, long offset, int batchIndex) throws Refusal {
        try {
            return read.read();
        } catch (SchemaViolation e) {
            throw new Refusal(where(offset, batchIndex) + ": " + e.getMessage());
        }
    }

    /** "offset 7" for a single record, "offset 7, record 2 of the batch" inside a batch ({@code batchIndex} >= 0). */
    private static String where(long offset, int batchIndex) {
        return batchIndex < 0 ? "offset " + offset : "offset " + offset + ", record " + batchIndex + " of the batch";
    }
}
