package dev.zerobus.sample;

/**
 * Where the sample sends its records. {@link #toString()} leaves the secret out.
 *
 * @param endpoint the Zerobus endpoint, {@code https://<workspace-id>.zerobus.<region>.cloud.databricks.com}
 * @param workspaceUrl the workspace URL, whose {@code /oidc/v1/token} issues OAuth tokens
 * @param clientId the service principal's OAuth client id
 * @param clientSecret the service principal's OAuth secret
 * @param embedded whether this is the embedded test server
 */
record ZerobusConnection(
        String endpoint, String workspaceUrl, String clientId, String clientSecret, boolean embedded) {

    @Override
    public String toString() {
        return "ZerobusConnection[endpoint=" + this.endpoint + ", workspaceUrl=" + this.workspaceUrl + ", clientId="
                + this.clientId + ", embedded=" + this.embedded + "]";
    }
}
