package dev.zerobus.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application stops the generator before the starter flushes and closes the streams: every reading the
 * generator sent ends acknowledged (none fails as sent after shutdown), and the server holds them all.
 */
class ShutdownTests {

    @Test
    void theGeneratorStopsFirstAndEverySentReadingIsAcknowledged() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(
                        SampleApplication.class, LocalApplication.EmbeddedZerobus.class)
                .properties("server.port=0", "sample.rate=500")
                .run();
        ZerobusTestServer server = context.getBean(ZerobusTestServer.class);
        ReadingGeneratorService generator = context.getBean(ReadingGeneratorService.class);
        ReadingStats stats = context.getBean(ReadingStats.class);
        assertThat(server.awaitRecordCount("main.iot.sensor_readings", 200, Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(200);
        long storedBeforeClose = server.recordCount("main.iot.sensor_readings");

        context.close();

        assertThat(generator.isRunning()).isFalse();
        for (String table : new String[] {"main.iot.sensor_readings", "main.iot.sensor_readings_proto"}) {
            ReadingStats.TableStats counts = stats.of(table);
            assertThat(counts.failed()).as(table + ": " + counts.lastError()).isZero();
            assertThat(counts.acknowledged()).as(table).isEqualTo(counts.sent());
        }
        assertThat(stats.of("main.iot.sensor_readings").acknowledged()).isGreaterThanOrEqualTo(storedBeforeClose);
    }
}
