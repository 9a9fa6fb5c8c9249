package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.ZerobusHealthIndicator;
import dev.zerobus.spring.ZerobusOperations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The health indicator tells the truth, passively: DOWN when a table cannot deliver, UP when it does. */
class ZerobusHealthTests extends ServerPerTest {

    private static final String TABLE = "main.iot.readings";

    private ApplicationContextRunner eager() {
        return Runners.against(this.server).withPropertyValues("zerobus.tables." + TABLE + ".eager=true");
    }

    private static Health health(org.springframework.context.ApplicationContext context) {
        return context.getBean(ZerobusHealthIndicator.class).health(true);
    }

    @Test
    void eagerTableIsUpWithoutASend() {
        eager().run(context -> {
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(health(context).getStatus()).isEqualTo(Status.UP));
            assertThat(this.server.streamCreations()).isEqualTo(1);
            assertThat(health(context).toString()).doesNotContain(this.server.clientSecret());
        });
    }

    @Test
    void anEagerTableStillOpeningIsOutOfServiceSoThatTheReadinessGroupIsNotUp() {
        this.server.faults().delayTokenResponses(Duration.ofSeconds(1));
        eager().run(context -> {
            Health opening = health(context);
            this.server.faults().delayTokenResponses(Duration.ZERO);
            assertThat(opening.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
            // what Boot's readiness group does with readinessState (UP) and zerobus
            assertThat(new org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator()
                            .getAggregateStatus(java.util.Set.of(Status.UP, opening.getStatus())))
                    .isEqualTo(Status.OUT_OF_SERVICE);
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(health(context).getStatus()).isEqualTo(Status.UP));
        });
    }

    @Test
    void wrongCredentialsOnAnEagerTableAreDownAndNeverUp() {
        eager().withPropertyValues("zerobus.client-secret=not-the-secret").run(context -> {
            List<Status> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Health health = health(context);
                seen.add(health.getStatus());
                assertThat(health.getStatus()).isEqualTo(Status.DOWN);
            });
            assertThat(seen).doesNotContain(Status.UP);
            @SuppressWarnings("unchecked")
            Map<String, Map<String, Object>> tables = (Map<String, Map<String, Object>>)
                    health(context).getDetails().get("tables");
            assertThat(tables.get(TABLE)).containsKey("lastError");
            assertThat(health(context).toString()).doesNotContain("not-the-secret");
        });
    }

    @Test
    void failFastEagerTableWithWrongCredentialsFailsStartUp() {
        eager().withPropertyValues("zerobus.client-secret=not-the-secret", "zerobus.pool.fail-fast=true")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("zerobus.pool.fail-fast")
                        .hasStackTraceContaining(TABLE));
    }

    @Test
    void stalledAcksWithRecordsInFlightAreDownThenUpAgain() {
        eager().withPropertyValues("management.health.zerobus.ack-stall-threshold=1s")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":0}");
                    assertThat(health(context).getStatus()).isEqualTo(Status.UP);
                    this.server.faults().acceptButNeverAck();
                    CompletableFuture<IngestResult> stalled = template.send(TABLE, "{\"id\":1}");
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() ->
                                    assertThat(health(context).getStatus()).isEqualTo(Status.DOWN));
                    this.server.faults().reset();
                    // The ack limit is lifted; the next request's ack covers the stalled one too.
                    template.send(TABLE, "{\"id\":2}").get(10, TimeUnit.SECONDS);
                    stalled.get(10, TimeUnit.SECONDS);
                    await().atMost(Duration.ofSeconds(10))
                            .untilAsserted(() ->
                                    assertThat(health(context).getStatus()).isEqualTo(Status.UP));
                });
    }

    @Test
    void outageIsDownAndRecoversToUpWithoutASendDeliveringWhatWasInFlight() {
        eager().run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            template.sendAndWait(TABLE, "{\"id\":-1}");
            this.server.stop();
            List<CompletableFuture<IngestResult>> during = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                during.add(template.send(TABLE, "{\"id\":" + i + "}"));
            }
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(health(context).getStatus()).isEqualTo(Status.DOWN));
            this.server.restart();
            await().atMost(Duration.ofSeconds(40))
                    .untilAsserted(() -> assertThat(health(context).getStatus()).isEqualTo(Status.UP));
            for (CompletableFuture<IngestResult> future : during) {
                future.get(20, TimeUnit.SECONDS);
            }
            List<String> stored = this.server.records(TABLE).stream()
                    .map(dev.zerobus.test.IngestedRecord::json)
                    .toList();
            for (int i = 0; i < 20; i++) {
                assertThat(stored).contains("{\"id\":" + i + "}");
            }
        });
    }

    @Test
    void healthIndicatorCanBeDisabled() {
        eager().withPropertyValues("management.health.zerobus.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(ZerobusHealthIndicator.class));
    }
}
