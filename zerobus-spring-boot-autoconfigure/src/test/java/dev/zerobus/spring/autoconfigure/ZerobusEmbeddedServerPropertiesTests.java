package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.table.TableSchema;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Tables of the embedded server declared in properties, in both key forms, inline or from a schema file. */
class ZerobusEmbeddedServerPropertiesTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ZerobusEmbeddedServerAutoConfiguration.class))
            .withPropertyValues("zerobus.embedded.enabled=true");

    @Test
    void tablesAreDeclaredInlineInBothFormsAndFromASchemaFile() {
        this.contextRunner
                .withPropertyValues(
                        "zerobus.embedded.strict-tables=true",
                        // Spring splits this value at every comma, DECIMAL(10,2)'s included; the columns survive.
                        "zerobus.embedded.tables[main.iot.readings].columns=device_id STRING NOT NULL,"
                                + " price DECIMAL(10,2), tags MAP<STRING, INT>",
                        "zerobus.embedded.tables.main.iot.devices.columns[0]=device_id STRING NOT NULL",
                        "zerobus.embedded.tables.main.iot.devices.columns[1]=model STRING",
                        "zerobus.embedded.tables[main.iot.alerts].schema=classpath:embedded-alerts-schema.json")
                .run(context -> {
                    ZerobusTestServer server = context.getBean(ZerobusTestServer.class);
                    assertThat(server.tableSchema("main.iot.readings"))
                            .isEqualTo(TableSchema.parse(
                                    "device_id STRING NOT NULL, price DECIMAL(10,2), tags MAP<STRING, INT>"));
                    assertThat(server.tableSchema("main.iot.devices"))
                            .isEqualTo(TableSchema.parse("device_id STRING NOT NULL, model STRING"));
                    assertThat(server.tableSchema("main.iot.alerts"))
                            .isEqualTo(TableSchema.parse("alert_id STRING NOT NULL, level INT"));
                    assertThat(server.tableSchema("main")).isNull();
                });
    }

    @Test
    void aBadDeclarationFailsStartUpNamingTheProperty() {
        this.contextRunner
                .withPropertyValues("zerobus.embedded.tables[main.iot.readings].columns=device_id STRNG")
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasStackTraceContaining(InvalidZerobusConfigurationException.class.getName()
                                + ": zerobus.embedded.tables[main.iot.readings] is invalid: unknown type 'STRNG'"));
        this.contextRunner
                .withPropertyValues("zerobus.embedded.tables.main.iot.readings.colums=a INT")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("is not a setting of table 'main.iot.readings' (columns or schema)"));
    }
}
