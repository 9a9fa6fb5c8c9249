package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

import dev.zerobus.spring.RecordRefusedException;
import dev.zerobus.spring.ZerobusMetrics;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.test.ZerobusTestServer;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import io.micrometer.observation.tck.TestObservationRegistryAssert;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Meters with fixed names and tag keys, counts that add up, tags only for valid table names; the observation. */
class ZerobusMetricsTests {

    private static final String TABLE = "main.iot.readings";

    private static ZerobusTestServer server;

    @BeforeAll
    static void startServer() {
        server = ZerobusTestServer.builder().build().start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void countsLatencyAndFailuresWithFixedTags() {
        Runners.against(server)
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withPropertyValues("zerobus.tables.main.iot.configured.streams=1")
                .run(context -> {
                    assertThat(context).hasSingleBean(ZerobusMetrics.class);
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    for (int i = 0; i < 10; i++) {
                        template.send(TABLE, "{\"id\":" + i + "}");
                    }
                    template.flush();
                    assertThatExceptionOfType(RecordRefusedException.class)
                            .isThrownBy(() -> template.send(TABLE, "{broken"));
                    assertThatExceptionOfType(RecordRefusedException.class)
                            .isThrownBy(() -> template.send("not_a_table", "{}"));
                    assertThatExceptionOfType(RecordRefusedException.class)
                            .isThrownBy(() -> template.send("a.b.c.d", "{}"));
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    assertThat(registry.get("zerobus.records.sent")
                                    .tag("table", TABLE)
                                    .counter()
                                    .count())
                            .isEqualTo(10);
                    assertThat(registry.get("zerobus.bytes.sent")
                                    .tag("table", TABLE)
                                    .counter()
                                    .count())
                            .isEqualTo(10 * "{\"id\":0}".length());
                    await().untilAsserted(() -> assertThat(registry.get("zerobus.records.acknowledged")
                                    .tag("table", TABLE)
                                    .counter()
                                    .count())
                            .isEqualTo(10));
                    assertThat(registry.get("zerobus.ack.latency")
                                    .tag("table", TABLE)
                                    .timer()
                                    .count())
                            .isEqualTo(10);
                    assertThat(registry.get("zerobus.records.failed")
                                    .tags("table", TABLE, "reason", "invalid")
                                    .counter()
                                    .count())
                            .isEqualTo(1);
                    assertThat(registry.get("zerobus.stream.inflight")
                                    .tag("table", TABLE)
                                    .gauge()
                                    .value())
                            .isZero();
                    assertThat(registry.get("zerobus.streams.open")
                                    .tag("table", TABLE)
                                    .gauge()
                                    .value())
                            .isEqualTo(1);
                    assertThat(registry.get("zerobus.stream.recoveries")
                                    .tag("table", TABLE)
                                    .functionCounter()
                                    .count())
                            .isZero();
                    Set<String> tables = registry.getMeters().stream()
                            .map(Meter::getId)
                            .filter(id -> id.getName().startsWith("zerobus."))
                            .map(id -> id.getTag("table"))
                            .collect(Collectors.toSet());
                    assertThat(tables).containsExactlyInAnyOrder(TABLE, "main.iot.configured");
                    Set<String> tagKeys = registry.getMeters().stream()
                            .filter(m -> m.getId().getName().startsWith("zerobus."))
                            .flatMap(m -> m.getId().getTags().stream())
                            .map(Tag::getKey)
                            .collect(Collectors.toSet());
                    assertThat(tagKeys).containsExactlyInAnyOrder("table", "reason");
                });
    }

    @Test
    void metricsBackOffWithoutAMeterRegistry() {
        Runners.against(server).run(context -> assertThat(context).doesNotHaveBean(ZerobusMetrics.class));
    }

    @Test
    void recordsAnObservationPerSendWhenEnabled() {
        TestObservationRegistry observations = TestObservationRegistry.create();
        Runners.against(server)
                .withBean(io.micrometer.observation.ObservationRegistry.class, () -> observations)
                .withPropertyValues("zerobus.template.observation-enabled=true")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    template.sendAndWait(TABLE, "{\"id\":1}");
                    template.sendAndWait(TABLE, "{\"id\":2}");
                    await().atMost(Duration.ofSeconds(5))
                            .untilAsserted(() -> TestObservationRegistryAssert.assertThat(observations)
                                    .hasNumberOfObservationsWithNameEqualTo("zerobus.send", 2)
                                    .hasObservationWithNameEqualTo("zerobus.send")
                                    .that()
                                    .hasLowCardinalityKeyValue("zerobus.table", TABLE)
                                    .hasLowCardinalityKeyValue("outcome", "success")
                                    .hasBeenStopped());
                });
    }

    @Test
    void observationIsOptIn() {
        Runners.against(server)
                .withBean(io.micrometer.observation.ObservationRegistry.class, TestObservationRegistry::create)
                .run(context -> assertThat(context).doesNotHaveBean(dev.zerobus.spring.SendObserver.class));
    }
}
