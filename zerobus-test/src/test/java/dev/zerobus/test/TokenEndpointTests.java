package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.proto.RecordType;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The OAuth endpoint {@code POST /oidc/v1/token} (run over HTTP and HTTPS subclasses). */
abstract class TokenEndpointTests extends ServerTestSupport {

    private TokenClient client() {
        return new TokenClient(server());
    }

    @Test
    void issuesATokenThatOpensAStreamOnItsTable() throws Exception {
        String table = newTable();
        int before = server().tokenRequests();
        HttpResponse<String> response = client().request(TokenClient.form(table, ZerobusTestServer.WORKSPACE_ID));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(response.body()).contains("\"token_type\":\"Bearer\"").contains("\"expires_in\":3600");
        assertThat(server().tokenRequests()).isEqualTo(before + 1);

        String token = TokenClient.accessToken(response.body());
        try (RawStream stream = RawStream.open(channel, token, table)) {
            stream.send(RawStream.create(table, RecordType.JSON, null));
            stream.awaitStreamId();
        }
    }

    @Test
    void acceptsTheWorkspaceIdTheOfficialSdkDerivesFromTheLoopbackEndpoint() throws Exception {
        HttpResponse<String> response = client().request(TokenClient.form(newTable(), "127"));
        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void wrongClientCredentialsAre401WithAJsonError() throws Exception {
        Map<String, String> form = TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID);
        HttpResponse<String> wrongSecret =
                client().request(form, server().clientId(), "wrong", "application/x-www-form-urlencoded");
        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(wrongSecret.body()).contains("\"error\":\"invalid_client\"");
        assertThat(wrongSecret.body()).doesNotContain(server().clientSecret());

        HttpResponse<String> wrongId =
                client().request(form, "someone-else", server().clientSecret(), "application/x-www-form-urlencoded");
        assertThat(wrongId.statusCode()).isEqualTo(401);

        HttpResponse<String> none = client().request(form, null, null, "application/x-www-form-urlencoded");
        assertThat(none.statusCode()).isEqualTo(401);
    }

    @Test
    void formMustBeUrlEncoded() throws Exception {
        HttpResponse<String> response = client().request(
                        TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID),
                        server().clientId(),
                        server().clientSecret(),
                        "application/json");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("application/x-www-form-urlencoded");
    }

    @Test
    void onlyPostIsAllowed() throws Exception {
        assertThat(client().get().statusCode()).isEqualTo(405);
    }

    @Test
    void grantTypeScopeAndResourceAreChecked() throws Exception {
        assertRejected(form -> form.put("grant_type", "password"), "grant_type must be client_credentials");
        assertRejected(form -> form.remove("grant_type"), "grant_type must be client_credentials");
        assertRejected(form -> form.put("scope", "sql"), "scope must be all-apis");
        assertRejected(
                form -> form.put("resource", "api://databricks/workspaces/999/zerobusDirectWriteApi"), "workspace 999");
        assertRejected(form -> form.put("resource", "https://example.com"), "resource must be");
        assertRejected(form -> form.remove("resource"), "resource is missing");
    }

    @Test
    void authorizationDetailsMustBeExactlyTheThreeGrants() throws Exception {
        String table = newTable();
        String[] parts = table.split("\\.");
        assertRejected(form -> form.remove("authorization_details"), "authorization_details is missing");
        assertRejected(form -> form.put("authorization_details", "{not json"), "authorization_details is not valid");
        assertRejected(
                form -> form.put("authorization_details", "{}"), "authorization_details is not valid: expected a JSON");
        assertRejected(
                form -> form.put(
                        "authorization_details",
                        form.get("authorization_details").replace("\"SELECT\",\"MODIFY\"", "\"SELECT\"")),
                "must be USE CATALOG on CATALOG");
        assertRejected(
                table,
                form -> form.put(
                        "authorization_details",
                        form.get("authorization_details")
                                .replace(
                                        "\"object_full_path\":\"" + parts[0] + "\"", "\"object_full_path\":\"other\"")),
                "must be USE CATALOG on CATALOG");
        assertRejected(
                form -> form.put(
                        "authorization_details",
                        form.get("authorization_details").replace("\"type\":\"unity", "\"extra\":1,\"type\":\"unity")),
                "unexpected key extra");
        assertRejected(
                form -> form.put(
                        "authorization_details",
                        form.get("authorization_details").replaceFirst("\\{[^}]*CATALOG[^}]*},", "")),
                "must be USE CATALOG on CATALOG");
        assertRejected(
                table,
                form -> form.put(
                        "authorization_details",
                        form.get("authorization_details").replace(table, "main.only_two")),
                "must have three parts");
    }

    @Test
    void tokenTtlIsReportedAsExpiresIn() throws Exception {
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .tls(server().isTls())
                .tokenTtl(java.time.Duration.ofSeconds(90))
                .build()
                .start()) {
            HttpResponse<String> response =
                    new TokenClient(server).request(TokenClient.form(newTable(), ZerobusTestServer.WORKSPACE_ID));
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).contains("\"expires_in\":90");
        }
    }

    private void assertRejected(Consumer<Map<String, String>> change, String messagePart) throws Exception {
        assertRejected(newTable(), change, messagePart);
    }

    private void assertRejected(String table, Consumer<Map<String, String>> change, String messagePart)
            throws Exception {
        Map<String, String> form =
                new java.util.LinkedHashMap<>(TokenClient.form(table, ZerobusTestServer.WORKSPACE_ID));
        change.accept(form);
        HttpResponse<String> response = client().request(form);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertThat(response.body()).contains("\"error\":").contains(messagePart);
    }
}
