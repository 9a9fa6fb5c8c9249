package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;

/**
 * {@link ZerobusConnectionDetails} of a {@link ZerobusTestServer}: declare one as a bean in a test to point the
 * auto-configuration at a server the test started.
 */
public final class ZerobusTestServerConnectionDetails implements ZerobusConnectionDetails {

    private final ZerobusTestServer server;

    public ZerobusTestServerConnectionDetails(ZerobusTestServer server) {
        this.server = server;
    }

    @Override
    public String getEndpoint() {
        return this.server.endpoint();
    }

    @Override
    public String getWorkspaceUrl() {
        return this.server.workspaceUrl();
    }

    @Override
    public String getClientId() {
        return this.server.clientId();
    }

    @Override
    public String getClientSecret() {
        return this.server.clientSecret();
    }
}
