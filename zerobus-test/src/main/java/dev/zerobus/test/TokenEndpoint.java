package dev.zerobus.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /oidc/v1/token}: the OAuth client-credentials endpoint of the workspace. Authenticates the client with
 * HTTP Basic, checks the form (see {@link TokenRequestValidator}) and issues an opaque token bound to the table.
 * Errors are JSON {@code {"error": ..., "error_description": ...}} with 401 (bad client), 400 (bad form or content type), 405, or
 * an injected status. Every answer may be delayed by a fault.
 */
final class TokenEndpoint implements HttpHandler {

    static final String PATH = "/oidc/v1/token";
    private static final int MAX_BODY = 1 << 20;

    private final String clientId;
    private final String clientSecret;
    private final TokenRegistry tokens;
    private final TokenRequestValidator validator;
    private final FaultInjector faults;
    private final AtomicInteger answered = new AtomicInteger();
    private volatile Map<String, String> lastForm = Map.of();

    TokenEndpoint(
            String clientId,
            String clientSecret,
            TokenRegistry tokens,
            TokenRequestValidator validator,
            FaultInjector faults) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.tokens = tokens;
        this.validator = validator;
        this.faults = faults;
    }

    int answered() {
        return answered.get();
    }

    void resetCount() {
        answered.set(0);
    }

    /** The form fields of the last request (a {@code client_secret} field, if any, is redacted). */
    Map<String, String> lastForm() {
        return lastForm;
    }

    /**
     * Works out the answer at once, then sends it now or, with {@link FaultInjector#delayTokenResponses}, later from the
     * server's scheduled executor: the JDK server lets an exchange be finished by another thread after the handler
     * returned, so a slow token endpoint ties up no thread while it waits.
     */
    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Reply reply;
        try {
            reply = answer(exchange);
        } catch (IOException | RuntimeException e) {
            exchange.close();
            throw e;
        }
        Duration delay = faults.tokenResponseDelay();
        Executor executor = exchange.getHttpContext().getServer().getExecutor();
        if (delay.isZero() || !(executor instanceof ScheduledExecutorService scheduler)) {
            send(exchange, reply);
            return;
        }
        scheduler.schedule(() -> sendQuietly(exchange, reply), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private Reply answer(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().add("Allow", "POST");
            return error(405, "invalid_request", "use POST");
        }
        int injected = faults.takeTokenFailure();
        if (injected > 0) {
            return error(injected, "temporarily_unavailable", "injected failure (status " + injected + ")");
        }
        if (!authenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"zerobus-test\"");
            return error(401, "invalid_client", "Client authentication failed");
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType == null
                || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return error(
                    400,
                    "invalid_request",
                    "Content-Type must be application/x-www-form-urlencoded, got " + contentType);
        }
        Map<String, String> form;
        try {
            form = parseForm(readBody(exchange.getRequestBody()));
        } catch (IllegalArgumentException e) {
            return error(400, "invalid_request", e.getMessage());
        }
        Map<String, String> recorded = new LinkedHashMap<>(form);
        recorded.computeIfPresent("client_secret", (k, v) -> "<redacted>");
        lastForm = Map.copyOf(recorded);
        TokenRequestValidator.Outcome outcome = validator.validate(form);
        if (outcome.table() == null) {
            return error(400, outcome.error(), outcome.description());
        }
        String token = tokens.issue(outcome.table());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        body.put("expires_in", tokens.ttl().toSeconds());
        body.put("scope", "all-apis");
        return new Reply(200, Json.object(body));
    }

    private boolean authenticated(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        boolean idMatches = constantTimeEquals(decoded.substring(0, colon), clientId);
        boolean secretMatches = constantTimeEquals(decoded.substring(colon + 1), clientSecret);
        return idMatches & secretMatches;
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("request body over " + MAX_BODY + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    static Map<String, String> parseForm(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (form.put(name, value) != null) {
                throw new IllegalArgumentException("form field " + name + " appears twice");
            }
        }
        return form;
    }

    private static Reply error(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return new Reply(status, Json.object(body));
    }

    /** Sends and finishes the exchange; a token counts as answered when it is sent, not when it is issued. */
    private void send(HttpExchange exchange, Reply reply) throws IOException {
        try (exchange) {
            byte[] bytes = reply.json().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (reply.status() == 200) {
                answered.incrementAndGet(); // before the client can see the token, so that a test sees the count
            }
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private void sendQuietly(HttpExchange exchange, Reply reply) {
        try {
            send(exchange, reply);
        } catch (IOException | RuntimeException e) {
            // the client went away (or the server stopped) while the reply was delayed: nothing to answer
        }
    }

    /** A status and its JSON body, worked out before it is sent. */
    private record Reply(int status, String json) {}
}
