package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.spring.ZerobusHealthIndicator;
import dev.zerobus.spring.ZerobusMetrics;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.test.ZerobusTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ZerobusHealthAndMetricsTests {

    private static final String TABLE = "main.iot.readings";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    ZerobusEmbeddedServerAutoConfiguration.class,
                    ZerobusAutoConfiguration.class,
                    ZerobusHealthContributorAutoConfiguration.class,
                    ZerobusMetricsAutoConfiguration.class))
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
            .withPropertyValues("zerobus.embedded.enabled=true");

    @Test
    void healthIsUpWithPerTableDetailsAndNoSecrets() {
        this.contextRunner.run(context -> {
            context.getBean(ZerobusOperations.class).send(TABLE, "{\"id\":1}").get(10, TimeUnit.SECONDS);
            Health health = context.getBean(ZerobusHealthIndicator.class).health(true);
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> tables =
                    (Map<String, Map<String, Object>>) health.getDetails().get("tables");
            assertThat(tables.get(TABLE)).containsEntry("lastAckedOffset", 0L).containsKey("streamId");
            String secret = context.getBean(ZerobusTestServer.class).clientSecret();
            assertThat(health.toString()).doesNotContain(secret);
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        this.contextRunner
                .withPropertyValues("management.health.zerobus.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ZerobusHealthIndicator.class));
    }

    @Test
    void countsSentAndAcknowledgedRecordsPerTable() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(ZerobusMetrics.class);
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            for (int i = 0; i < 10; i++) {
                template.send(TABLE, "{\"id\":" + i + "}");
            }
            template.flush();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            assertThat(registry.get("zerobus.records.sent")
                            .tag("table", TABLE)
                            .counter()
                            .count())
                    .isEqualTo(10);
            org.awaitility.Awaitility.await()
                    .untilAsserted(() -> assertThat(registry.get("zerobus.records.acknowledged")
                                    .tag("table", TABLE)
                                    .counter()
                                    .count())
                            .isEqualTo(10));
            assertThat(registry.get("zerobus.stream.inflight")
                            .tag("table", TABLE)
                            .gauge()
                            .value())
                    .isZero();
        });
    }
}
