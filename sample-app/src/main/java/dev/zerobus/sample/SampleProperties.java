package dev.zerobus.sample;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the sample ingests.
 *
 * @param jsonTable the table that receives readings as JSON
 * @param protoTable the table that receives readings as protobuf
 * @param readings how many readings to send to each table
 * @param batchSize readings per batch request (1 sends each reading as its own request)
 * @param sensors how many simulated sensors take turns
 */
@ConfigurationProperties("sample")
public record SampleProperties(
        @DefaultValue("main.iot.sensor_readings") String jsonTable,
        @DefaultValue("main.iot.sensor_readings_proto") String protoTable,
        @DefaultValue("20000") int readings,
        @DefaultValue("100") int batchSize,
        @DefaultValue("50") int sensors) {}
