package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.spring.ZerobusHealthIndicator;
import dev.zerobus.spring.ZerobusTemplate;
import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.spring.EmbeddedZerobus;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The starter in a @SpringBootTest against @EmbeddedZerobus: health through an outage without a send, meters. */
@SpringBootTest(
        properties = {
            "zerobus.tables.main.iot.readings.eager=true",
            "zerobus.stream.recovery-retries=1",
            "zerobus.stream.recovery-timeout=2s",
            "zerobus.stream.recovery-backoff=100ms"
        })
@EmbeddedZerobus
class EmbeddedZerobusSpringBootTests {

    private static final String TABLE = "main.iot.readings";

    @Autowired
    ZerobusTestServer server;

    @Autowired
    ZerobusTemplate template;

    @Autowired
    ZerobusHealthIndicator health;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ZerobusConnectionDetails connectionDetails;

    @Test
    void healthGoesDownThroughAnOutageAndUpAgainWithoutASend() {
        assertThat(this.connectionDetails).isInstanceOf(ZerobusTestServerConnectionDetails.class);
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP));
        this.template.sendAndWait(TABLE, "{\"id\":1}");
        this.server.stop();
        // Without records in flight the client finds the dead connection by its keepalive, then fails for good.
        this.template.send(TABLE, "{\"id\":2}");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(this.health.health(true).getStatus()).isEqualTo(Status.DOWN));
        this.server.restart();
        await().atMost(Duration.ofSeconds(40))
                .untilAsserted(
                        () -> assertThat(this.health.health(true).getStatus()).isEqualTo(Status.UP));
        this.server.awaitRecords(TABLE, 2, Duration.ofSeconds(10));
        assertThat(this.meters
                        .get("zerobus.records.acknowledged")
                        .tag("table", TABLE)
                        .counter()
                        .count())
                .isEqualTo(2);
        assertThat(this.meters
                        .get("zerobus.stream.replacements")
                        .tag("table", TABLE)
                        .functionCounter()
                        .count())
                .isGreaterThanOrEqualTo(1);
    }

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration.class,
        ZerobusEmbeddedServerAutoConfiguration.class,
        ZerobusAutoConfiguration.class,
        ZerobusHealthContributorAutoConfiguration.class,
        ZerobusMetricsAutoConfiguration.class
    })
    static class App {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
