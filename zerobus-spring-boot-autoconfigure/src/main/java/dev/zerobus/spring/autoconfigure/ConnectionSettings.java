package dev.zerobus.spring.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;

/** Checks the connection settings at start-up, so that a missing or malformed one fails naming its property. */
final class ConnectionSettings {

    private static final String EMBEDDED = " For a local run without Databricks, add zerobus-test and set"
            + " zerobus.embedded.enabled=true (or annotate a test with @EmbeddedZerobus).";

    private ConnectionSettings() {}

    static String required(String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidZerobusConfigurationException(
                    property, "is not set", "Set " + property + " to " + what + "." + EMBEDDED, null);
        }
        return value;
    }

    /** An endpoint or URL: an optional http/https scheme and a host. */
    static String url(String value, String property, String what) {
        required(value, property, what);
        String withScheme = value.contains("://") ? value : "https://" + value;
        try {
            URI uri = new URI(withScheme);
            String scheme = uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("https") && !scheme.equals("http")) {
                throw invalidUrl(value, property, what, "its scheme must be https:// (or http:// for local servers)");
            }
            if (uri.getHost() == null || uri.getHost().isBlank()) {
                throw invalidUrl(value, property, what, "it has no host");
            }
        } catch (URISyntaxException ex) {
            throw invalidUrl(value, property, what, ex.getReason());
        }
        return value;
    }

    private static InvalidZerobusConfigurationException invalidUrl(
            String value, String property, String what, String reason) {
        return new InvalidZerobusConfigurationException(
                property,
                "= '" + value + "' is not a valid URL: " + reason,
                "Set " + property + " to " + what + ".",
                null);
    }
}
