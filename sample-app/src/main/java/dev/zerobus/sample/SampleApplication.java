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

    /**
     * Runs the ingest once, then closes the context, which flushes and closes the streams (and stops the embedded
     * server), and exits with the application's exit code.
     */
    public static void main(String[] args) {
        System.exit(SpringApplication.exit(SpringApplication.run(SampleApplication.class, args)));
    }
}
