package dev.zerobus.spring.autoconfigure;

import dev.zerobus.spring.ObservationSendObserver;
import dev.zerobus.spring.SendObserver;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code zerobus.send} observation, opt-in like Spring Kafka's {@code observation-enabled}:
 * {@code zerobus.template.observation-enabled=true} with an {@link ObservationRegistry} (Boot's Micrometer
 * observation support).
 */
@AutoConfiguration(
        before = ZerobusAutoConfiguration.class,
        afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnBooleanProperty("zerobus.template.observation-enabled")
public final class ZerobusObservationAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SendObserver zerobusSendObserver(ObservationRegistry observationRegistry) {
        return new ObservationSendObserver(observationRegistry);
    }
}
