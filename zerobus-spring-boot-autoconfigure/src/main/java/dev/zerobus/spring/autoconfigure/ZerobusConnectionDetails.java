package dev.zerobus.spring.autoconfigure;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;

/** Where and as whom to connect to Zerobus. Declare a bean of this type to take them from elsewhere than properties. */
public interface ZerobusConnectionDetails extends ConnectionDetails {

    /** The Zerobus endpoint. */
    String getEndpoint();

    /** The workspace URL whose token endpoint issues OAuth tokens. */
    String getWorkspaceUrl();

    /** The service principal's OAuth client id. */
    String getClientId();

    /** The service principal's OAuth client secret. */
    String getClientSecret();
}
