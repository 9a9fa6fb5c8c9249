package dev.zerobus.sample;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the sample ingests.
 *
 * @param jsonTable the table that receives readings as JSON (Java records through the app's JSON mapper)
 * @param protoTable the table that receives readings as protobuf (proto2 messages)
 * @param rate readings per second the generator sends to each table (0 switches the generator off)
 * @param sensors how many simulated sensors take turns
 * @param duration when set, the non-interactive mode: run this long, check that records were acknowledged and health
 *     was UP, and exit with 0 or 1; when not set, run until stopped
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("main.iot.sensor_readings") String jsonTable,
        @DefaultValue("main.iot.sensor_readings_proto") String protoTable,
        @DefaultValue("50") double rate,
        @DefaultValue("50") int sensors,
        Duration duration) {}
