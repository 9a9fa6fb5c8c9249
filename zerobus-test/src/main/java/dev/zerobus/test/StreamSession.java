package dev.zerobus.test;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.test.proto.CloseStreamSignal;
import dev.zerobus.test.proto.CreateIngestStreamRequest;
import dev.zerobus.test.proto.CreateIngestStreamResponse;
import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import dev.zerobus.test.proto.IngestRecordBatchRequest;
import dev.zerobus.test.proto.IngestRecordRequest;
import dev.zerobus.test.proto.IngestRecordResponse;
import dev.zerobus.test.proto.RecordType;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * One {@code EphemeralStream} RPC: the protocol state machine of the server side (protocol §3).
 *
 * <p>Inbound callbacks run on the connection's I/O thread (the server uses a direct executor), one at a time. Outbound
 * messages also come from the ack timer and from fault injection, so every write to the call is made under this
 * object's monitor.
 */
final class StreamSession extends ServerCall.Listener<EphemeralStreamRequest> {

    private static final int INITIAL_REQUEST = 128;
    private static final int REQUEST_BATCH = 64;

    private final ServerCall<EphemeralStreamRequest, EphemeralStreamResponse> call;
    private final StreamEnvironment env;
    private final String headerTable;
    private final Map<String, String> clientHeaders;
    private final SocketAddress remoteAddress;

    // Confined to the inbound (I/O) thread.
    private IngestRequestChecker checker;
    private RecordStore.TableLog tableLog;
    private volatile TableBinding binding; // read by closeCleanly on the timer too
    private long nextOffset;
    private int deliveredSinceRequest;

    // Written on the I/O thread, read by anyone.
    private volatile String streamId;
    private volatile String table;
    private volatile RecordType recordType;
    private volatile long storedUpTo = -1;
    private volatile long requests;
    private volatile long records;
    private volatile long bytes;
    private volatile long duplicates;

    // Guarded by this.
    private final CommitWaits commitWaits = new CommitWaits();
    private boolean ended;
    private boolean ackDeferred;
    private long ackedUpTo = -1;
    private Status endStatus;

    StreamSession(
            ServerCall<EphemeralStreamRequest, EphemeralStreamResponse> call,
            StreamEnvironment env,
            String headerTable,
            Map<String, String> clientHeaders,
            SocketAddress remoteAddress) {
        this.call = call;
        this.env = env;
        this.headerTable = headerTable;
        this.clientHeaders = clientHeaders;
        this.remoteAddress = remoteAddress;
    }

    /** Sends the response headers at once (the official client waits for them) and asks for the first messages. */
    void open() {
        synchronized (this) {
            call.sendHeaders(new Metadata());
        }
        call.request(INITIAL_REQUEST);
    }

    @Override
    public void onMessage(EphemeralStreamRequest request) {
        if (isEnded()) {
            return;
        }
        switch (request.getPayloadCase()) {
            case CREATE_STREAM -> create(request.getCreateStream());
            case INGEST_RECORD -> ingest(request.getIngestRecord());
            case INGEST_RECORD_BATCH -> ingest(request.getIngestRecordBatch());
            default -> fail(Status.INVALID_ARGUMENT, "request has no payload (create_stream or ingest expected)");
        }
        if (++deliveredSinceRequest == REQUEST_BATCH) {
            deliveredSinceRequest = 0;
            call.request(REQUEST_BATCH);
        }
    }

    @Override
    public void onHalfClose() {
        closeCleanly();
    }

    @Override
    public void onCancel() {
        synchronized (this) {
            if (!ended) {
                ended = true;
                endStatus = Status.CANCELLED.withDescription("cancelled by the client or connection lost");
            }
        }
    }

    @Override
    public void onReady() {
        boolean deferred;
        synchronized (this) {
            deferred = ackDeferred;
            ackDeferred = false;
        }
        if (deferred) {
            maybeAck();
        }
    }

    // ---- create_stream ----

    private void create(CreateIngestStreamRequest create) {
        if (table != null) {
            fail(Status.INVALID_ARGUMENT, "create_stream sent twice on one stream");
            return;
        }
        Status.Code injected = env.faults().takeStreamCreationFailure();
        if (injected != null) {
            fail(Status.fromCode(injected), "stream creation failed (injected fault)");
            return;
        }
        String name = create.getTableName();
        String tableProblem = TableNames.problem(name);
        if (tableProblem != null) {
            fail(Status.INVALID_ARGUMENT, tableProblem);
            return;
        }
        if (!name.equals(headerTable)) {
            fail(
                    Status.INVALID_ARGUMENT,
                    "create_stream table " + name + " does not match header x-databricks-zerobus-table-name "
                            + headerTable);
            return;
        }
        RecordType type = create.hasRecordType() ? create.getRecordType() : RecordType.RECORD_TYPE_UNSPECIFIED;
        Descriptor descriptor = null;
        if (type == RecordType.RECORD_TYPE_UNSPECIFIED) {
            fail(Status.INVALID_ARGUMENT, "record_type must be JSON or PROTO");
            return;
        }
        if (type == RecordType.PROTO) {
            if (!create.hasDescriptorProto() || create.getDescriptorProto().isEmpty()) {
                fail(Status.INVALID_ARGUMENT, "a PROTO stream needs descriptor_proto");
                return;
            }
            try {
                descriptor = StreamDescriptors.build(create.getDescriptorProto());
            } catch (IllegalArgumentException e) {
                fail(Status.INVALID_ARGUMENT, e.getMessage());
                return;
            }
        }
        if (!env.store().countOnly()) {
            try {
                binding = env.tables().bind(name, type, descriptor);
            } catch (TableCatalog.Refusal refusal) {
                synchronized (this) {
                    if (!ended) {
                        end(refusal.status());
                    }
                }
                return;
            }
        }
        recordType = type;
        tableLog = env.store().table(name);
        streamId = UUID.randomUUID().toString();
        table = name;
        checker = new IngestRequestChecker(
                name, streamId, type, descriptor, env.store().countOnly(), binding);
        env.registry().created(this);
        synchronized (this) {
            if (ended) {
                return;
            }
            call.sendMessage(EphemeralStreamResponse.newBuilder()
                    .setCreateStreamResponse(
                            CreateIngestStreamResponse.newBuilder().setStreamId(streamId))
                    .build());
        }
    }

    // ---- ingest ----

    private void ingest(IngestRecordRequest request) {
        if (checkOffset(request.hasOffsetId(), request.getOffsetId())) {
            try {
                store(request.getOffsetId(), checker.check(request));
            } catch (IngestRequestChecker.Refusal refusal) {
                fail(Status.INVALID_ARGUMENT, refusal.getMessage());
            }
        }
    }

    private void ingest(IngestRecordBatchRequest request) {
        if (checkOffset(request.hasOffsetId(), request.getOffsetId())) {
            try {
                store(request.getOffsetId(), checker.check(request));
            } catch (IngestRequestChecker.Refusal refusal) {
                fail(Status.INVALID_ARGUMENT, refusal.getMessage());
            }
        }
    }

    private boolean checkOffset(boolean present, long offset) {
        if (checker == null) {
            fail(Status.INVALID_ARGUMENT, "ingest request before create_stream");
            return false;
        }
        if (!present) {
            fail(Status.INVALID_ARGUMENT, "ingest request without offset_id (expected " + nextOffset + ")");
            return false;
        }
        if (offset != nextOffset) {
            fail(
                    Status.INVALID_ARGUMENT,
                    "offset " + offset + " out of order: expected " + nextOffset
                            + " (offsets start at 0 on each stream and grow by one per request)");
            return false;
        }
        return true;
    }

    private void store(long offset, IngestRequestChecker.Accepted accepted) {
        if (env.faults().dropThisRequest()) {
            // Like a request lost in flight: not stored, no final ack; what this RPC stored before stays stored.
            fail(Status.UNAVAILABLE, "request at offset " + offset + " dropped (injected fault)");
            return;
        }
        int duplicateCount = 0;
        // Under the monitor that a clean end takes for its final ack: a request read just before the call ended on
        // another thread (a close signal's timer) is either stored and covered by that ack, or not stored at all.
        synchronized (this) {
            if (ended) {
                return;
            }
            if (accepted.records() == null) {
                env.store().count(tableLog, accepted.count());
            } else {
                duplicateCount = env.store().append(tableLog, accepted.records());
            }
            if (accepted.rows() != null) {
                // Acked once committed to the table's output (committed(ticket)), not before.
                commitWaits.add(offset, env.tables().committer().append(table, accepted.rows()));
            } else {
                storedUpTo = offset;
            }
        }
        stored(offset, accepted.count(), accepted.bytes(), duplicateCount);
    }

    /** Book-keeping after a request's records were stored; then the break fault, then the ack. */
    private void stored(long offset, int recordCount, long byteCount, int duplicateCount) {
        nextOffset = offset + 1;
        requests++;
        records += recordCount;
        bytes += byteCount;
        if (duplicateCount > 0) {
            duplicates += duplicateCount;
        }
        if (env.faults().recordsStoredShouldBreak(recordCount)) {
            breakConnection();
            return;
        }
        if (env.ackPolicy().isImmediate()) {
            maybeAck();
        }
    }

    /** The table output committed every request up to {@code ticket}: they may be acked now. Any thread. */
    void committed(long ticket) {
        synchronized (this) {
            long released = commitWaits.release(ticket);
            if (released < 0) {
                return;
            }
            storedUpTo = released;
        }
        if (env.ackPolicy().isImmediate()) {
            maybeAck();
        }
    }

    // ---- outbound ----

    /** Sends a cumulative ack if there is progress the faults allow. Any thread. */
    void maybeAck() {
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!call.isReady()) {
                ackDeferred = true; // onReady sends it once the client reads again; acks are cumulative
                return;
            }
            sendAckLocked();
        }
    }

    private void sendAckLocked() {
        long target = Math.min(storedUpTo, env.faults().ackLimit());
        if (target <= ackedUpTo || env.faults().acksStalled()) {
            return;
        }
        call.sendMessage(EphemeralStreamResponse.newBuilder()
                .setIngestRecordResponse(IngestRecordResponse.newBuilder().setDurabilityAckUpToOffset(target))
                .build());
        ackedUpTo = target;
    }

    /**
     * Close signal (protocol §3.7): tell the client (with {@code closeAfter} as the signal's duration, or no duration
     * field at all), then end the stream cleanly after {@code closeAfter}.
     */
    void sendCloseSignal(Duration closeAfter, boolean withDuration) {
        CloseStreamSignal.Builder signal = CloseStreamSignal.newBuilder();
        if (withDuration) {
            signal.setDuration(com.google.protobuf.Duration.newBuilder()
                    .setSeconds(closeAfter.getSeconds())
                    .setNanos(closeAfter.getNano()));
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            call.sendMessage(EphemeralStreamResponse.newBuilder()
                    .setCloseStreamSignal(signal)
                    .build());
        }
        env.schedule(this::closeCleanly, closeAfter);
    }

    /** Ends the stream with status OK after a last cumulative ack (unless acks are held back by a fault). */
    void closeCleanly() {
        if (binding != null && binding.written()) {
            // Commit first (outside this monitor: the committer calls committed()), so the final ack covers all.
            env.tables().committer().commitNow();
        }
        synchronized (this) {
            if (ended) {
                return;
            }
            sendAckLocked();
            end(Status.OK);
        }
    }

    /** The server goes away: the stream is over (its connection is dropped by the caller). */
    void serverStopped() {
        synchronized (this) {
            if (!ended) {
                ended = true;
                endStatus = Status.UNAVAILABLE.withDescription("server stopped");
            }
        }
    }

    private void breakConnection() {
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            endStatus = Status.UNAVAILABLE.withDescription("connection reset by fault injection");
        }
        if (!env.connections().reset(remoteAddress)) {
            // Not a tracked TCP connection (should not happen): fall back to a status the client must retry.
            synchronized (this) {
                call.close(Status.UNAVAILABLE.withDescription("connection broken by fault injection"), new Metadata());
            }
        }
    }

    private void fail(Status status, String description) {
        synchronized (this) {
            if (!ended) {
                end(status.withDescription(description));
            }
        }
    }

    private void end(Status status) {
        ended = true;
        endStatus = status;
        call.close(status, new Metadata());
    }

    private synchronized boolean isEnded() {
        return ended;
    }

    // ---- inspection ----

    synchronized boolean isOpen() {
        return !ended;
    }

    StreamStatistics statistics() {
        long acked;
        boolean open;
        Status status;
        synchronized (this) {
            acked = ackedUpTo;
            open = !ended;
            status = endStatus;
        }
        return new StreamStatistics(
                streamId, table, recordType, requests, records, bytes, duplicates, acked, open, status, clientHeaders);
    }
}
