package dev.zerobus.spring.autoconfigure;

/** {@link ZerobusConnectionDetails} from {@code zerobus.*} properties. */
final class PropertiesZerobusConnectionDetails implements ZerobusConnectionDetails {

    private final ZerobusProperties properties;

    PropertiesZerobusConnectionDetails(ZerobusProperties properties) {
        this.properties = properties;
    }

    @Override
    public String getEndpoint() {
        return this.properties.getEndpoint();
    }

    @Override
    public String getWorkspaceUrl() {
        return this.properties.getWorkspaceUrl();
    }

    @Override
    public String getClientId() {
        return this.properties.getClientId();
    }

    @Override
    public String getClientSecret() {
        return this.properties.getClientSecret();
    }
}
