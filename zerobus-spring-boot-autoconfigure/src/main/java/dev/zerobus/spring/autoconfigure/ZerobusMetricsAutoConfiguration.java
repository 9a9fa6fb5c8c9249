package dev.zerobus.spring.autoconfigure;

import dev.zerobus.spring.ZerobusMetrics;
import dev.zerobus.spring.ZerobusStreamPool;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters for the template and the pooled streams. The template picks {@link ZerobusMetrics} up as one of
 * its {@code IngestListener}s.
 */
@AutoConfiguration(
        after = ZerobusAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
            "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, ZerobusStreamPool.class})
@ConditionalOnBean({MeterRegistry.class, ZerobusStreamPool.class})
public final class ZerobusMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ZerobusMetrics zerobusMetrics(ZerobusStreamPool pool, MeterRegistry meterRegistry, TableSettings tableSettings) {
        return new ZerobusMetrics(pool, meterRegistry, tableSettings.tables().keySet());
    }
}
