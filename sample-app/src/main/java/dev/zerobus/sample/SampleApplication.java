package dev.zerobus.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * Streams simulated sensor readings into two Delta tables through Zerobus: one as JSON, one as protobuf. With no
 * {@code zerobus.endpoint} configured it starts the embedded Zerobus server from {@code zerobus-test}, so it runs on a
 * laptop with no Databricks account.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        SpringApplication.run(SampleApplication.class, args);
    }
}
