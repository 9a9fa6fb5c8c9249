package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;

/**
 * Starts the embedded Zerobus server of {@code zerobus-test} and connects to it, when
 * {@code zerobus.embedded.enabled=true}: an application runs end to end on a laptop with no Databricks workspace. Its
 * tables, strict mode and Delta output come from {@code zerobus.embedded.*} ({@link ZerobusEmbeddedServerProperties}).
 */
@AutoConfiguration(before = ZerobusAutoConfiguration.class)
@ConditionalOnClass(ZerobusTestServer.class)
@Import({
    ZerobusEmbeddedServerAutoConfiguration.StartedServer.class,
    ZerobusEmbeddedServerAutoConfiguration.ProvidedServer.class
})
public final class ZerobusEmbeddedServerAutoConfiguration {

    /** {@code zerobus.embedded.enabled=true}: this configuration starts the server. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBooleanProperty("zerobus.embedded.enabled")
    static class StartedServer {

        /** Declared tables, strict mode and Delta output from {@link ZerobusEmbeddedServerProperties}. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        ZerobusTestServer zerobusEmbeddedServer(Environment environment, ResourceLoader resourceLoader) {
            ZerobusEmbeddedServerProperties properties = ZerobusEmbeddedServerProperties.bind(environment);
            return properties
                    .configure(ZerobusTestServer.builder(), resourceLoader)
                    .build()
                    .start();
        }

        @Bean
        @ConditionalOnMissingBean(ZerobusConnectionDetails.class)
        ZerobusTestServerConnectionDetails zerobusEmbeddedConnectionDetails(ZerobusTestServer server) {
            return new ZerobusTestServerConnectionDetails(server);
        }
    }

    /** A server registered by a test ({@code @EmbeddedZerobus}): connect to it. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(ZerobusTestServer.class)
    static class ProvidedServer {

        @Bean
        @ConditionalOnMissingBean(ZerobusConnectionDetails.class)
        ZerobusTestServerConnectionDetails zerobusTestServerConnectionDetails(ZerobusTestServer server) {
            return new ZerobusTestServerConnectionDetails(server);
        }
    }
}
