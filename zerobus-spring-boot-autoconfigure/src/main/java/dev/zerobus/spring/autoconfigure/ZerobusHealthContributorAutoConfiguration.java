package dev.zerobus.spring.autoconfigure;

import dev.zerobus.spring.ZerobusHealthIndicator;
import dev.zerobus.spring.ZerobusStreamPool;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code zerobus} health indicator ({@code management.health.zerobus.enabled}), when Boot's health support is on
 * the classpath. Passive: it reads the pool's counters and never calls the service. Add it to the readiness group
 * with {@code management.endpoint.health.group.readiness.include=readinessState,zerobus}.
 */
@AutoConfiguration(after = ZerobusAutoConfiguration.class)
@ConditionalOnClass({HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class})
@ConditionalOnBean(ZerobusStreamPool.class)
@ConditionalOnEnabledHealthIndicator("zerobus")
@EnableConfigurationProperties(ZerobusHealthProperties.class)
public final class ZerobusHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = "zerobusHealthIndicator")
    ZerobusHealthIndicator zerobusHealthIndicator(ZerobusStreamPool pool, ZerobusHealthProperties properties) {
        return new ZerobusHealthIndicator(pool, properties.getAckStallThreshold());
    }
}
