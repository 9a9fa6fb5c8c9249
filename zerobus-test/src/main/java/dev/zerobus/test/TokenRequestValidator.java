package dev.zerobus.test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Checks the form of a client-credentials token request against protocol §4 and finds the table it asks for.
 *
 * <p>{@code authorization_details} must be a JSON array of exactly three objects, each with exactly the keys
 * {@code type}, {@code privileges}, {@code object_type} and {@code object_full_path}: USE CATALOG on the catalog, USE
 * SCHEMA on the schema, SELECT and MODIFY on the table. The order of the objects and of the privileges inside one
 * object does not matter.
 */
final class TokenRequestValidator {

    static final String PRIVILEGES_TYPE = "unity_catalog_privileges";

    /** Either the granted table or a 400 error description (exactly one is non-null). */
    record Outcome(String table, String error, String description) {

        static Outcome granted(String table) {
            return new Outcome(table, null, null);
        }

        static Outcome rejected(String error, String description) {
            return new Outcome(null, error, description);
        }
    }

    private record Privilege(String objectType, String path, Set<String> privileges) {}

    private final Set<String> workspaceIds;

    TokenRequestValidator(Set<String> workspaceIds) {
        this.workspaceIds = Set.copyOf(workspaceIds);
    }

    Outcome validate(Map<String, String> form) {
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return Outcome.rejected(
                    "unsupported_grant_type", "grant_type must be client_credentials, got " + form.get("grant_type"));
        }
        if (!"all-apis".equals(form.get("scope"))) {
            return Outcome.rejected("invalid_scope", "scope must be all-apis, got " + form.get("scope"));
        }
        String resourceProblem = resourceProblem(form.get("resource"));
        if (resourceProblem != null) {
            return Outcome.rejected("invalid_request", resourceProblem);
        }
        String details = form.get("authorization_details");
        if (details == null) {
            return Outcome.rejected("invalid_request", "authorization_details is missing");
        }
        List<Privilege> granted;
        try {
            granted = parse(details);
        } catch (JacksonException | IllegalArgumentException e) {
            return Outcome.rejected("invalid_request", "authorization_details is not valid: " + e.getMessage());
        }
        String table = granted.stream()
                .filter(p -> "TABLE".equals(p.objectType()))
                .map(Privilege::path)
                .findFirst()
                .orElse(null);
        if (table == null) {
            return Outcome.rejected("invalid_request", "authorization_details has no TABLE object");
        }
        String tableProblem = TableNames.problem(table);
        if (tableProblem != null) {
            return Outcome.rejected("invalid_request", "authorization_details: " + tableProblem);
        }
        List<Privilege> expected = List.of(
                new Privilege("CATALOG", TableNames.catalog(table), Set.of("USE CATALOG")),
                new Privilege("SCHEMA", TableNames.schema(table), Set.of("USE SCHEMA")),
                new Privilege("TABLE", table, Set.of("SELECT", "MODIFY")));
        if (granted.size() != 3 || !new HashSet<>(granted).equals(new HashSet<>(expected))) {
            return Outcome.rejected(
                    "invalid_request",
                    "authorization_details must be USE CATALOG on CATALOG, USE SCHEMA on SCHEMA and SELECT, MODIFY on "
                            + "TABLE for " + table + "; got " + granted);
        }
        return Outcome.granted(table);
    }

    private String resourceProblem(String resource) {
        String prefix = "api://databricks/workspaces/";
        String suffix = "/zerobusDirectWriteApi";
        if (resource == null) {
            return "resource is missing";
        }
        if (!resource.startsWith(prefix)
                || !resource.endsWith(suffix)
                || resource.length() <= prefix.length() + suffix.length()) {
            return "resource must be " + prefix + "{workspace_id}" + suffix + ", got " + resource;
        }
        String workspaceId = resource.substring(prefix.length(), resource.length() - suffix.length());
        if (!workspaceIds.contains(workspaceId)) {
            return "resource names workspace " + workspaceId + ", this server accepts " + workspaceIds;
        }
        return null;
    }

    private static List<Privilege> parse(String json) {
        List<Privilege> result = new ArrayList<>();
        try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), json)) {
            expect(parser.nextToken(), JsonToken.START_ARRAY, "a JSON array");
            JsonToken token;
            while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
                expect(token, JsonToken.START_OBJECT, "an object per grant");
                result.add(parseObject(parser));
            }
            if (parser.nextToken() != null) {
                throw new IllegalArgumentException("trailing content after the array");
            }
        }
        return result;
    }

    private static Privilege parseObject(JsonParser parser) {
        String type = null;
        String objectType = null;
        String path = null;
        Set<String> privileges = null;
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            switch (name) {
                case "type" -> type = text(parser, name);
                case "object_type" -> objectType = text(parser, name);
                case "object_full_path" -> path = text(parser, name);
                case "privileges" -> privileges = strings(parser);
                default -> throw new IllegalArgumentException("unexpected key " + name);
            }
        }
        expect(token, JsonToken.END_OBJECT, "end of object");
        if (!PRIVILEGES_TYPE.equals(type)) {
            throw new IllegalArgumentException("type must be " + PRIVILEGES_TYPE + ", got " + type);
        }
        if (objectType == null || path == null || privileges == null) {
            throw new IllegalArgumentException("each object needs privileges, object_type and object_full_path");
        }
        return new Privilege(objectType, path, privileges);
    }

    private static String text(JsonParser parser, String name) {
        expect(parser.nextToken(), JsonToken.VALUE_STRING, "a string for " + name);
        return parser.getString();
    }

    private static Set<String> strings(JsonParser parser) {
        expect(parser.nextToken(), JsonToken.START_ARRAY, "an array for privileges");
        Set<String> values = new HashSet<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            expect(token, JsonToken.VALUE_STRING, "privilege strings");
            if (!values.add(parser.getString())) {
                throw new IllegalArgumentException("privilege listed twice: " + parser.getString());
            }
        }
        return Set.copyOf(values);
    }

    private static void expect(JsonToken actual, JsonToken expected, String what) {
        if (!Objects.equals(actual, expected)) {
            throw new IllegalArgumentException("expected " + what + " but found " + actual);
        }
    }
}
