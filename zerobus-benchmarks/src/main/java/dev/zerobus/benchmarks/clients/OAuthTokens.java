package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ServerConnection;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fetches a bearer token from the workspace's OAuth endpoint the way the Zerobus clients do (client credentials). */
final class OAuthTokens {

    private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");

    private OAuthTokens() {}

    static String fetch(ServerConnection server, String table) throws IOException, InterruptedException {
        String[] parts = table.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("table must be catalog.schema.table: " + table);
        }
        String workspaceId = URI.create(server.endpoint()).getHost().split("\\.")[0];
        String details = "[" + privilege("USE CATALOG", "CATALOG", parts[0])
                + "," + privilege("USE SCHEMA", "SCHEMA", parts[0] + "." + parts[1])
                + ",{\"type\":\"unity_catalog_privileges\",\"privileges\":[\"SELECT\",\"MODIFY\"],"
                + "\"object_type\":\"TABLE\",\"object_full_path\":\"" + table + "\"}]";
        String form = "grant_type=client_credentials&scope=all-apis"
                + "&resource=" + encode("api://databricks/workspaces/" + workspaceId + "/zerobusDirectWriteApi")
                + "&authorization_details=" + encode(details);
        String basic = Base64.getEncoder()
                .encodeToString((server.clientId() + ":" + server.clientSecret()).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.workspaceUrl() + "/oidc/v1/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("token endpoint answered HTTP " + response.statusCode());
        }
        Matcher matcher = ACCESS_TOKEN.matcher(response.body());
        if (!matcher.find()) {
            throw new IOException("token endpoint answered without an access_token");
        }
        return matcher.group(1);
    }

    private static String privilege(String privilege, String objectType, String path) {
        return "{\"type\":\"unity_catalog_privileges\",\"privileges\":[\"" + privilege + "\"],\"object_type\":\""
                + objectType + "\",\"object_full_path\":\"" + path + "\"}";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
