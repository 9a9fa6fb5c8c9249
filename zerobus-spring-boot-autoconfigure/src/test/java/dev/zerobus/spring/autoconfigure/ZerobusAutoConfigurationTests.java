package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import com.google.protobuf.Duration;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.RecordRefusedException;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.spring.ZerobusTemplate;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class ZerobusAutoConfigurationTests {

    private static final String TABLE = "main.iot.readings";

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    JacksonAutoConfiguration.class,
                    ZerobusEmbeddedServerAutoConfiguration.class,
                    ZerobusAutoConfiguration.class))
            .withPropertyValues("zerobus.embedded.enabled=true", "zerobus.default-table=" + TABLE);

    record Reading(String sensorId, double temperatureC) {}

    @Test
    void createsTheSdkPoolAndTemplate() {
        this.contextRunner.run(context -> {
            assertThat(context).hasSingleBean(ZerobusSdk.class);
            assertThat(context).hasSingleBean(ZerobusStreamPool.class);
            assertThat(context).hasSingleBean(ZerobusTemplate.class);
            assertThat(context).hasSingleBean(ZerobusTestServerConnectionDetails.class);
        });
    }

    @Test
    void sendsPojosMapsAndStringsAsJsonInOrder() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            template.send(new Reading("s-1", 21.5));
            template.send(TABLE, Map.of("sensorId", "s-2", "temperatureC", 19.0));
            IngestResult last = template.send("{\"sensorId\":\"s-3\",\"temperatureC\":18.25}")
                    .get(10, TimeUnit.SECONDS);
            assertThat(last.table()).isEqualTo(TABLE);
            assertThat(last.offset()).isEqualTo(2);
            List<IngestedRecord> records =
                    context.getBean(ZerobusTestServer.class).records(TABLE);
            assertThat(records)
                    .extracting(IngestedRecord::json)
                    .containsExactly(
                            "{\"sensorId\":\"s-1\",\"temperatureC\":21.5}",
                            records.get(1).json(),
                            "{\"sensorId\":\"s-3\",\"temperatureC\":18.25}");
            assertThat(records.get(1).json()).contains("\"sensorId\":\"s-2\"");
        });
    }

    @Test
    void sendsABatchAsOneRequest() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            IngestResult result = template.sendBatch(TABLE, List.of(new Reading("a", 1), new Reading("b", 2)))
                    .get(10, TimeUnit.SECONDS);
            assertThat(result.records()).isEqualTo(2);
            ZerobusTestServer server = context.getBean(ZerobusTestServer.class);
            assertThat(server.records(TABLE)).hasSize(2);
            assertThat(server.streams().get(0).requests()).isEqualTo(1);
        });
    }

    @Test
    void sendsProtobufMessagesWithTheirDescriptor() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            Duration message = Duration.newBuilder().setSeconds(42).setNanos(7).build();
            template.send("main.iot.durations", message).get(10, TimeUnit.SECONDS);
            List<IngestedRecord> records =
                    context.getBean(ZerobusTestServer.class).records("main.iot.durations");
            assertThat(Duration.parseFrom(records.get(0).proto())).isEqualTo(message);
        });
    }

    @Test
    void sendsBytesWithTheConfiguredMessageClass() {
        this.contextRunner
                .withPropertyValues(
                        "zerobus.tables[main.iot.durations].proto-message-class=com.google.protobuf.Duration")
                .run(context -> {
                    ZerobusOperations template = context.getBean(ZerobusOperations.class);
                    byte[] bytes = Duration.newBuilder().setSeconds(9).build().toByteArray();
                    template.send("main.iot.durations", bytes).get(10, TimeUnit.SECONDS);
                    assertThat(context.getBean(ZerobusTestServer.class).records("main.iot.durations"))
                            .hasSize(1);
                });
    }

    @Test
    void refusesBytesWithoutADescriptorAndKeepsWorking() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            assertThatExceptionOfType(RecordRefusedException.class)
                    .isThrownBy(() -> template.send(TABLE, new byte[] {1, 2}))
                    .withMessageContaining("proto-message-class");
            template.send(new Reading("after", 1)).get(10, TimeUnit.SECONDS);
            assertThat(context.getBean(ZerobusTestServer.class).records(TABLE)).hasSize(1);
        });
    }

    @Test
    void refusesMalformedJsonAndTheStreamGoesOn() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            template.send(new Reading("before", 1)).get(10, TimeUnit.SECONDS);
            assertThatExceptionOfType(ZerobusException.class)
                    .isThrownBy(() -> template.send("{\"sensorId\": oops"))
                    .satisfies(ex -> assertThat(ex.kind()).isEqualTo(ZerobusException.Kind.INVALID_ARGUMENT));
            template.send(new Reading("after", 2)).get(10, TimeUnit.SECONDS);
            assertThat(context.getBean(ZerobusTestServer.class).records(TABLE)).hasSize(2);
        });
    }

    @Test
    void refusesARecordOfTheWrongTypeForTheTable() {
        this.contextRunner.run(context -> {
            ZerobusOperations template = context.getBean(ZerobusOperations.class);
            template.send(new Reading("json", 1)).get(10, TimeUnit.SECONDS);
            assertThatExceptionOfType(ZerobusException.class)
                    .isThrownBy(() -> template.send(
                            TABLE, Duration.newBuilder().setSeconds(1).build()))
                    .withMessageContaining("JSON");
        });
    }

    @Test
    void flushesEverythingWhenTheContextCloses() {
        ZerobusTestServer server = ZerobusTestServer.builder().build().start();
        try {
            this.contextRunner
                    .withPropertyValues("zerobus.embedded.enabled=false")
                    .withBean(ZerobusConnectionDetails.class, () -> new ZerobusTestServerConnectionDetails(server))
                    .run(context -> {
                        ZerobusOperations template = context.getBean(ZerobusOperations.class);
                        for (int i = 0; i < 5_000; i++) {
                            template.send(new Reading("s-" + i, i));
                        }
                    });
            assertThat(server.records(TABLE)).hasSize(5_000);
        } finally {
            server.close();
        }
    }

    @Test
    void failsClearlyWithoutAnEndpoint() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZerobusAutoConfiguration.class))
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("zerobus.endpoint"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnOperations() {
        this.contextRunner.withUserConfiguration(CustomOperations.class).run(context -> {
            assertThat(context).hasSingleBean(ZerobusOperations.class);
            assertThat(context).doesNotHaveBean(ZerobusTemplate.class);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class CustomOperations {

        @Bean
        ZerobusOperations customOperations() {
            return new ZerobusOperations() {
                @Override
                public CompletableFuture<IngestResult> send(Object record) {
                    return CompletableFuture.completedFuture(new IngestResult("custom", 0, 1));
                }

                @Override
                public CompletableFuture<IngestResult> send(String table, Object record) {
                    return send(record);
                }

                @Override
                public CompletableFuture<IngestResult> sendBatch(String table, java.util.Collection<?> records) {
                    return send(records);
                }

                @Override
                public IngestResult sendAndWait(String table, Object record) {
                    return send(record).join();
                }

                @Override
                public IngestResult sendAndWait(Object record) {
                    return send(record).join();
                }

                @Override
                public void flush() {}

                @Override
                public void flush(String table) {}
            };
        }
    }
}
