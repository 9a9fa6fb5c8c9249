package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Starts the embedded Zerobus server of {@code zerobus-test} and connects to it, when
 * {@code zerobus.embedded.enabled=true}: an application runs end to end on a laptop with no Databricks workspace.
 */
@AutoConfiguration(before = ZerobusAutoConfiguration.class)
@ConditionalOnClass(ZerobusTestServer.class)
@ConditionalOnBooleanProperty("zerobus.embedded.enabled")
public final class ZerobusEmbeddedServerAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ZerobusTestServer zerobusEmbeddedServer() {
        return ZerobusTestServer.builder().build().start();
    }

    @Bean
    @ConditionalOnMissingBean(ZerobusConnectionDetails.class)
    ZerobusTestServerConnectionDetails zerobusEmbeddedConnectionDetails(ZerobusTestServer server) {
        return new ZerobusTestServerConnectionDetails(server);
    }
}
