package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.test.ZerobusTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Per-table settings bind in both forms users write; bad settings fail start-up naming the property. */
class ZerobusPropertiesTests {

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

    private static TableSettings tables(org.springframework.context.ApplicationContext context) {
        return context.getBean(TableSettings.class);
    }

    @Test
    void dottedFormBinds() {
        Runners.against(server)
                .withPropertyValues(
                        "zerobus.tables.main.iot.readings.streams=2",
                        "zerobus.tables.main.iot.readings.stream.max-inflight-requests=7",
                        "zerobus.tables.main.iot.durations.proto-message-class=com.google.protobuf.Duration")
                .run(context -> {
                    assertThat(tables(context).tables()).containsOnlyKeys(TABLE, "main.iot.durations");
                    assertThat(tables(context).options(TABLE).streams()).isEqualTo(2);
                    assertThat(tables(context).tables().get(TABLE).getStream().getMaxInflightRequests())
                            .isEqualTo(7);
                    assertThat(tables(context).descriptor("main.iot.durations").getFullName())
                            .isEqualTo("google.protobuf.Duration");
                    byte[] bytes = com.google.protobuf.Duration.newBuilder()
                            .setSeconds(3)
                            .build()
                            .toByteArray();
                    context.getBean(ZerobusOperations.class).sendAndWait("main.iot.durations", bytes);
                });
    }

    @Test
    void bracketFormBinds() {
        Runners.against(server)
                .withPropertyValues(
                        "zerobus.tables[main.iot.readings].streams=3", "zerobus.tables[main.iot.readings].eager=true")
                .run(context -> {
                    assertThat(tables(context).options(TABLE).streams()).isEqualTo(3);
                    assertThat(tables(context).eagerTables()).containsExactly(TABLE);
                });
    }

    @Test
    void globalEagerOpensEveryConfiguredTable() {
        Runners.against(server)
                .withPropertyValues("zerobus.pool.eager=true", "zerobus.tables.main.iot.readings.streams=2")
                .run(context -> assertThat(
                                context.getBean(ZerobusStreamPool.class).status())
                        .containsKey(TABLE));
    }

    @Test
    void unknownPerTableSettingFailsNamingTheForms() {
        Runners.against(server)
                .withPropertyValues("zerobus.tables.main.iot.readings.proto-class=x.Y")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getAction())
                        .contains("zerobus.tables.<catalog>.<schema>.<table>.<setting>")
                        .contains("zerobus.tables[<catalog>.<schema>.<table>].<setting>"));
    }

    @Test
    void tableKeyOfTwoPartsFails() {
        Runners.against(server)
                .withPropertyValues("zerobus.tables.main.readings.streams=2")
                .run(context -> assertThat(context).hasFailed());
    }

    @Test
    void bothFormsForOneTableFail() {
        Runners.against(server)
                .withPropertyValues(
                        "zerobus.tables.main.iot.readings.streams=2", "zerobus.tables[main.iot.readings].eager=true")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("both the dotted and the bracket form"));
    }

    @Test
    void unknownProtoClassFailsAtStartUpNamingTheProperty() {
        Runners.against(server)
                .withPropertyValues("zerobus.tables.main.iot.readings.proto-message-class=com.example.Missing")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("zerobus.tables.main.iot.readings.proto-message-class"));
    }

    @Test
    void inflightLimitOfZeroFailsAtBindTime() {
        Runners.against(server)
                .withPropertyValues("zerobus.stream.max-inflight-requests=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("zerobus.stream.max-inflight-requests must be greater than 0"));
    }

    @Test
    void coalescingLimitsOutsideTheirRangeFailAtBindTimeNamingTheProperty() {
        Runners.against(server)
                .withPropertyValues(
                        "zerobus.stream.max-request-bytes=11MB",
                        "zerobus.stream.linger=-1ms",
                        "zerobus.tables[main.iot.readings].stream.max-inflight-records=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("zerobus.stream.max-request-bytes must be greater than 0 and at most"
                                + " 10485760 bytes")
                        .hasStackTraceContaining("zerobus.stream.linger must not be negative")
                        .hasStackTraceContaining(
                                "zerobus.tables.main.iot.readings.stream.max-inflight-records must be greater than 0"));
    }

    @Test
    void perTableLimitOfZeroFailsInTheDottedFormToo() {
        Runners.against(server)
                .withPropertyValues("zerobus.tables.main.iot.readings.streams=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining("zerobus.tables.main.iot.readings.streams must be greater than 0"));
    }

    @Test
    void missingEndpointIsAnalysedNamingTheProperty() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZerobusAutoConfiguration.class))
                .run(context -> {
                    FailureAnalysis analysis = analysis(context.getStartupFailure());
                    assertThat(analysis.getDescription()).contains("zerobus.endpoint is not set");
                    assertThat(analysis.getAction()).contains("zerobus.embedded.enabled=true");
                });
    }

    @Test
    void malformedEndpointNamesItsProperty() {
        Runners.against(server)
                .withPropertyValues("zerobus.endpoint=ftp://nowhere")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("zerobus.endpoint = 'ftp://nowhere' is not a valid URL"));
    }

    @Test
    void missingClientSecretFailsAtStartUp() {
        Runners.against(server).withPropertyValues("zerobus.client-secret=").run(context -> assertThat(
                        analysis(context.getStartupFailure()).getDescription())
                .contains("zerobus.client-secret is not set"));
    }

    @Test
    void unknownNamingStrategyFailsNamingTheProperty() {
        Runners.against(server)
                .withPropertyValues("zerobus.json.property-naming-strategy=SHOUTING")
                .run(context -> assertThat(analysis(context.getStartupFailure()).getDescription())
                        .contains("zerobus.json.property-naming-strategy"));
    }

    @Test
    void namingStrategyAppliesToRecordsOnlyNotTheApplicationsMapper() {
        record Reading(String sensorId, double temperatureC) {}
        Runners.against(server)
                .withPropertyValues("zerobus.json.property-naming-strategy=SNAKE_CASE")
                .run(context -> {
                    context.getBean(ZerobusOperations.class).sendAndWait("main.iot.snake", new Reading("s-1", 2.5));
                    assertThat(server.records("main.iot.snake").get(0).json())
                            .isEqualTo("{\"sensor_id\":\"s-1\",\"temperature_c\":2.5}");
                    assertThat(context.getBean(tools.jackson.databind.json.JsonMapper.class)
                                    .writeValueAsString(new Reading("s-1", 2.5)))
                            .contains("sensorId");
                });
    }

    private static FailureAnalysis analysis(Throwable failure) {
        FailureAnalysis analysis = new ZerobusConfigurationFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("failure analysis of %s", failure).isNotNull();
        return analysis;
    }
}
