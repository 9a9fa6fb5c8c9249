package dev.zerobus.test;

import dev.zerobus.test.proto.EphemeralStreamRequest;
import dev.zerobus.test.proto.EphemeralStreamResponse;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;

/** Starts a {@link StreamSession} for each {@code EphemeralStream} RPC that passed {@link StreamAuthInterceptor}. */
final class IngestStreamHandler implements ServerCallHandler<EphemeralStreamRequest, EphemeralStreamResponse> {

    private final StreamEnvironment env;

    IngestStreamHandler(StreamEnvironment env) {
        this.env = env;
    }

    @Override
    public ServerCall.Listener<EphemeralStreamRequest> startCall(
            ServerCall<EphemeralStreamRequest, EphemeralStreamResponse> call, Metadata headers) {
        StreamAuthInterceptor.Caller caller = StreamAuthInterceptor.CALLER.get();
        StreamSession session = new StreamSession(
                call,
                env,
                caller.table(),
                caller.headers(),
                call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
        session.open();
        return session;
    }
}
