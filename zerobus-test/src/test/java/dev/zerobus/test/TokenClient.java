package dev.zerobus.test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** Talks to the token endpoint like a client-credentials client does (java.net.http, HTTPS trusting the test CA). */
final class TokenClient {

    private final ZerobusTestServer server;
    private final HttpClient http;

    TokenClient(ZerobusTestServer server) {
        this.server = server;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (server.isTls()) {
            builder.sslContext(TestChannels.trustingCa(server.caCertificatePem()));
        }
        this.http = builder.build();
    }

    /** The form the official SDK sends for {@code table} (protocol §4). */
    static Map<String, String> form(String table, String workspaceId) {
        String[] parts = table.split("\\.");
        String details = "[" + grant("USE CATALOG", "CATALOG", parts[0])
                + "," + grant("USE SCHEMA", "SCHEMA", parts[0] + "." + parts[1])
                + ",{\"type\":\"unity_catalog_privileges\",\"privileges\":[\"SELECT\",\"MODIFY\"],"
                + "\"object_type\":\"TABLE\",\"object_full_path\":\"" + table + "\"}]";
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", "all-apis");
        form.put("resource", "api://databricks/workspaces/" + workspaceId + "/zerobusDirectWriteApi");
        form.put("authorization_details", details);
        return form;
    }

    private static String grant(String privilege, String type, String path) {
        return "{\"type\":\"unity_catalog_privileges\",\"privileges\":[\"" + privilege + "\"],\"object_type\":\"" + type
                + "\",\"object_full_path\":\"" + path + "\"}";
    }

    HttpResponse<String> request(Map<String, String> form) throws Exception {
        return request(form, server.clientId(), server.clientSecret(), "application/x-www-form-urlencoded");
    }

    HttpResponse<String> request(Map<String, String> form, String clientId, String secret, String contentType)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.workspaceUrl() + "/oidc/v1/token"))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)));
        if (clientId != null) {
            String basic =
                    Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
            request.header("Authorization", "Basic " + basic);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get() throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(server.workspaceUrl() + "/oidc/v1/token"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The access_token of a JSON answer (no JSON library needed for one string field). */
    static String accessToken(String body) {
        int key = body.indexOf("\"access_token\":\"");
        if (key < 0) {
            throw new IllegalStateException("no access_token in the answer");
        }
        int start = key + "\"access_token\":\"".length();
        return body.substring(start, body.indexOf('"', start));
    }

    private static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
