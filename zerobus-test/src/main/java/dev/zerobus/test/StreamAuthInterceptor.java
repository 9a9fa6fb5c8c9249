package dev.zerobus.test;

import io.grpc.Context;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the request metadata when an RPC opens (protocol §2), before any message is read.
 *
 * <ul>
 *   <li>{@code authorization} missing, not {@code Bearer}, unknown or expired token: UNAUTHENTICATED.
 *   <li>{@code x-databricks-zerobus-table-name} missing: INVALID_ARGUMENT.
 *   <li>the token was issued for another table than the header names: PERMISSION_DENIED.
 * </ul>
 *
 * A header table that differs from the {@code create_stream} table is refused later by the session (INVALID_ARGUMENT).
 */
final class StreamAuthInterceptor implements ServerInterceptor {

    static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> TABLE_NAME =
            Metadata.Key.of("x-databricks-zerobus-table-name", Metadata.ASCII_STRING_MARSHALLER);

    /** The authenticated caller of one RPC, handed to the stream handler. */
    record Caller(String table, Map<String, String> headers) {}

    static final Context.Key<Caller> CALLER = Context.key("zerobus-test-caller");

    private final TokenRegistry tokens;

    StreamAuthInterceptor(TokenRegistry tokens) {
        this.tokens = tokens;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
            ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String authorization = headers.get(AUTHORIZATION);
        if (authorization == null) {
            return refuse(call, Status.UNAUTHENTICATED, "missing authorization header");
        }
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return refuse(call, Status.UNAUTHENTICATED, "authorization is not a Bearer token");
        }
        String token = authorization.substring(7).trim();
        switch (tokens.check(token)) {
            case UNKNOWN -> {
                return refuse(call, Status.UNAUTHENTICATED, "bearer token was not issued by this server");
            }
            case EXPIRED -> {
                return refuse(call, Status.UNAUTHENTICATED, "bearer token has expired");
            }
            case VALID -> {}
        }
        String table = headers.get(TABLE_NAME);
        if (table == null || table.isEmpty()) {
            return refuse(call, Status.INVALID_ARGUMENT, "missing header x-databricks-zerobus-table-name");
        }
        if (!table.equals(tokens.grant(token).table())) {
            return refuse(
                    call,
                    Status.PERMISSION_DENIED,
                    "bearer token does not grant access to table " + table + " (it was issued for another table)");
        }
        Context context = Context.current().withValue(CALLER, new Caller(table, redacted(headers)));
        Context previous = context.attach();
        try {
            return next.startCall(call, headers);
        } finally {
            context.detach(previous);
        }
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, Status status, String description) {
        call.close(status.withDescription(description), new Metadata());
        return new ServerCall.Listener<>() {};
    }

    private static Map<String, String> redacted(Metadata headers) {
        Map<String, String> result = new LinkedHashMap<>();
        for (String key : headers.keys()) {
            if (key.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
                continue;
            }
            String value = headers.get(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER));
            result.put(
                    key.toLowerCase(Locale.ROOT), key.equalsIgnoreCase("authorization") ? "Bearer <redacted>" : value);
        }
        return result;
    }
}
