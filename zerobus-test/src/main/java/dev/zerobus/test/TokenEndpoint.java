package dev.zerobus.test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code POST /oidc/v1/token}: the OAuth client-credentials endpoint of the workspace. Authenticates the client with
 * HTTP Basic, checks the form (see {@link TokenRequestValidator}) and issues an opaque token bound to the table.
 * Errors are JSON {@code {"error": ..., "error_description": ...}} with 401 (bad client), 400 (bad form or content type), 405, or
 * an injected status.
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

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().add("Allow", "POST");
                sendError(exchange, 405, "invalid_request", "use POST");
                return;
            }
            int injected = faults.takeTokenFailure();
            if (injected > 0) {
                sendError(exchange, injected, "temporarily_unavailable", "injected failure (status " + injected + ")");
                return;
            }
            if (!authenticated(exchange.getRequestHeaders().getFirst("Authorization"))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"zerobus-test\"");
                sendError(exchange, 401, "invalid_client", "Client authentication failed");
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null
                    || !contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                sendError(
                        exchange,
                        400,
                        "invalid_request",
                        "Content-Type must be application/x-www-form-urlencoded, got " + contentType);
                return;
            }
            Map<String, String> form;
            try {
                form = parseForm(readBody(exchange.getRequestBody()));
            } catch (IllegalArgumentException e) {
                sendError(exchange, 400, "invalid_request", e.getMessage());
                return;
            }
            Map<String, String> recorded = new LinkedHashMap<>(form);
            recorded.computeIfPresent("client_secret", (k, v) -> "<redacted>");
            lastForm = Map.copyOf(recorded);
            TokenRequestValidator.Outcome outcome = validator.validate(form);
            if (outcome.table() == null) {
                sendError(exchange, 400, outcome.error(), outcome.description());
                return;
            }
            String token = tokens.issue(outcome.table());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", token);
            body.put("token_type", "Bearer");
            body.put("expires_in", tokens.ttl().toSeconds());
            body.put("scope", "all-apis");
            answered.incrementAndGet();
            send(exchange, 200, Json.object(body));
        }
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

    private static void sendError(HttpExchange exchange, int status, String error, String description)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        send(exchange, status, Json.object(body));
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
