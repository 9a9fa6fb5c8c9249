package dev.zerobus.sample;

import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.table.TableSchema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Runs the sample on a laptop with the embedded Zerobus server of {@code zerobus-test} ({@code mvn
 * spring-boot:test-run}): the server is a bean, the starter connects to it, and {@code zerobus-test} stays on the test
 * classpath. {@code GET /embedded/records?table=...} shows the last records the server stored.
 *
 * <p>The server declares the sample's two tables (columns in {@code src/test/resources/zerobus/sensor-readings-schema.json})
 * and is strict, so it refuses what the real service would refuse. Started from here it also writes them as Delta
 * tables under {@code target/zerobus-delta/main/iot/} (another directory: {@code
 * -Dspring-boot.run.arguments=--sample.embedded.delta-directory=...}; empty for none), which any Delta reader can open
 * (the project's tests read them with Delta Kernel and parquet-hadoop).
 */
public class LocalApplication {

    /** Where {@link #main} has the embedded server write its Delta tables, unless the property says otherwise. */
    static final String DELTA_DIRECTORY_PROPERTY = "sample.embedded.delta-directory";

    public static void main(String[] args) {
        System.getProperties().putIfAbsent(DELTA_DIRECTORY_PROPERTY, "target/zerobus-delta");
        System.getProperties().putIfAbsent("logging.level.io.delta", "warn"); // Kernel logs each commit at INFO
        SpringApplication.from(SampleApplication::main)
                .with(EmbeddedZerobus.class)
                .run(args);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class EmbeddedZerobus {

        private static final Logger logger = LoggerFactory.getLogger(LocalApplication.class);

        /** The sample's tables, as they are created in Unity Catalog for it (the same columns for both). */
        @Bean(destroyMethod = "close")
        ZerobusTestServer zerobusTestServer(SampleProperties properties, Environment environment) throws IOException {
            TableSchema readings;
            try (InputStream in = LocalApplication.class.getResourceAsStream("/zerobus/sensor-readings-schema.json")) {
                readings = TableSchema.read("sensor-readings-schema.json", in);
            }
            ZerobusTestServer.Builder builder = ZerobusTestServer.builder()
                    .table(properties.jsonTable(), readings)
                    .table(properties.protoTable(), readings)
                    .strictTables(true);
            String deltaDirectory = environment.getProperty(DELTA_DIRECTORY_PROPERTY, "");
            if (!deltaDirectory.isBlank()) {
                builder.deltaDirectory(Path.of(deltaDirectory));
            }
            return builder.build().start();
        }

        @Bean
        RouterFunction<ServerResponse> embeddedRecords(ZerobusTestServer server, SampleProperties properties) {
            return RouterFunctions.route()
                    .GET("/embedded/records", request -> {
                        String table = request.param("table").orElse(properties.jsonTable());
                        int limit =
                                request.param("limit").map(Integer::parseInt).orElse(10);
                        List<IngestedRecord> records = server.records(table);
                        List<Map<String, Object>> last =
                                records.subList(Math.max(0, records.size() - limit), records.size()).stream()
                                        .map(LocalApplication::describe)
                                        .toList();
                        Map<String, Object> body = new LinkedHashMap<>();
                        body.put("table", table);
                        body.put("stored", records.size());
                        body.put("last", last);
                        return ServerResponse.ok().body(body);
                    })
                    .build();
        }

        @Bean
        ApplicationListener<ApplicationStartedEvent> whereToLook(
                ZerobusTestServer server, SampleProperties properties) {
            return event -> {
                String base = "http://localhost:"
                        + event.getApplicationContext().getEnvironment().getProperty("local.server.port");
                logger.info(
                        """

                        Zerobus sample running against the embedded Zerobus server at {} (in this JVM).
                          Readings go to {} (JSON) and {} (protobuf), {} per second each.
                          Delta tables: {}
                          Look at:
                            {}/   (live page: records/s, ack latency, in-flight, stream states, last records)
                            {}/actuator/health
                            {}/actuator/metrics/zerobus.records.acknowledged
                            {}/readings/stats
                            {}/embedded/records?table={}
                            {}/embedded/records?table={}
                          Send readings:
                            curl -H 'Content-Type: application/json' -d '{"sensorId":"s-1","site":"lab","observedAt":0,\
                        "temperatureC":21.5,"humidityPct":40,"batteryMv":3600,"healthy":true}' {}/readings
                          Stop with Ctrl+C.""",
                        server.endpoint(),
                        properties.jsonTable(),
                        properties.protoTable(),
                        properties.rate(),
                        server.deltaTablePath(properties.jsonTable()) == null
                                ? "none (in memory only)"
                                : server.deltaTablePath(properties.jsonTable())
                                        .getParent()
                                        .toAbsolutePath(),
                        base,
                        base,
                        base,
                        base,
                        base,
                        properties.jsonTable(),
                        base,
                        properties.protoTable(),
                        base);
            };
        }
    }

    static Map<String, Object> describe(IngestedRecord record) {
        Map<String, Object> described = new LinkedHashMap<>();
        described.put("offset", record.offset());
        described.put("size", record.size());
        if (record.isJson()) {
            described.put("json", record.json());
        } else {
            described.put("protoBase64", java.util.Base64.getEncoder().encodeToString(record.proto()));
        }
        return described;
    }
}
