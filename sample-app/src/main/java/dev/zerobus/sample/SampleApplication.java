package dev.zerobus.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A web application that streams sensor readings into two Delta tables through Zerobus, one as JSON and one as
 * protobuf: a generator sends a steady rate, and {@code POST /readings} and {@code POST /readings/batch} take readings
 * from clients. Health and metrics are at {@code /actuator}. It connects to the {@code zerobus.*} endpoint configured;
 * on a laptop, start it with the embedded Zerobus server through {@code LocalApplication} in {@code src/test}
 * ({@code mvn spring-boot:test-run}).
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SampleApplication {

    public static void main(String[] args) {
        ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
        if (context.getBean(SampleProperties.class).duration() != null) {
            // The non-interactive mode: run the check, then close (flushing the streams) and exit with 0 or 1.
            context.getBean(SampleCheck.class).run();
            System.exit(SpringApplication.exit(context));
        }
    }
}
