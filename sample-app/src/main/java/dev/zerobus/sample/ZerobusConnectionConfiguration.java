package dev.zerobus.sample;

import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.test.ZerobusTestServer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Connects to the Zerobus endpoint given by {@code zerobus.endpoint}, {@code zerobus.workspace-url},
 * {@code zerobus.client-id} and {@code zerobus.client-secret}; with no endpoint configured, starts the embedded server.
 */
@Configuration(proxyBeanMethods = false)
class ZerobusConnectionConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${zerobus.endpoint:}'.isEmpty()")
    ZerobusTestServer embeddedZerobusServer() {
        return ZerobusTestServer.builder().build().start();
    }

    @Bean
    ZerobusConnection zerobusConnection(Environment environment, ObjectProvider<ZerobusTestServer> embeddedServer) {
        ZerobusTestServer server = embeddedServer.getIfAvailable();
        if (server != null) {
            return new ZerobusConnection(
                    server.endpoint(), server.workspaceUrl(), server.clientId(), server.clientSecret(), true);
        }
        return new ZerobusConnection(
                environment.getRequiredProperty("zerobus.endpoint"),
                environment.getRequiredProperty("zerobus.workspace-url"),
                environment.getRequiredProperty("zerobus.client-id"),
                environment.getRequiredProperty("zerobus.client-secret"),
                false);
    }

    @Bean(destroyMethod = "close")
    ZerobusSdk zerobusSdk(ZerobusConnection connection) {
        return new ZerobusSdk(connection.endpoint(), connection.workspaceUrl());
    }
}
