package dev.zerobus.benchmarks.clients;

import dev.zerobus.benchmarks.ClientKind;
import dev.zerobus.benchmarks.SensorReading;
import dev.zerobus.benchmarks.proto.BenchReading;
import dev.zerobus.spring.ZerobusOperations;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Our starter as an application uses it: a Spring Boot context (no web server, Actuator and Micrometer on the
 * classpath, so the meters are live) configured only through {@code zerobus.*} properties, and the
 * {@link ZerobusOperations} it provides. A record goes out as a {@code String} (JSON text), as the
 * {@link SensorReading} POJO (serialized by the starter's JSON mapper, snake_case), or as a protobuf
 * {@link BenchReading}; a batch through {@code sendBatch}. Several streams are the table's {@code streams} setting, so
 * the stream index of a call is ignored (the template spreads sends itself).
 */
public final class TemplateClient implements IngestClient {

    private ConfigurableApplicationContext context;
    private ZerobusOperations template;
    private String table;
    private ClientKind kind;

    @SpringBootConfiguration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class BenchmarkApplication {}

    @Override
    public void open(ClientSetup setup) {
        kind = setup.variant().client();
        table = setup.table();
        String key = "zerobus.tables[" + table + "].";
        Map<String, Object> properties = new HashMap<>();
        properties.put("zerobus.endpoint", setup.server().endpoint());
        properties.put("zerobus.workspace-url", setup.server().workspaceUrl());
        properties.put("zerobus.client-id", setup.server().clientId());
        properties.put("zerobus.client-secret", setup.server().clientSecret());
        properties.put("zerobus.json.property-naming-strategy", "SNAKE_CASE");
        properties.put("zerobus.pool.fail-fast", "true");
        properties.put(key + "eager", "true");
        properties.put(key + "streams", Integer.toString(setup.streams()));
        properties.put(key + "stream.max-inflight-requests", Integer.toString(setup.maxInflight()));
        if (kind == ClientKind.TEMPLATE_PROTO) {
            properties.put(key + "proto-message-class", BenchReading.class.getName());
        }
        context = new SpringApplicationBuilder(BenchmarkApplication.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(properties)
                .run();
        template = context.getBean(ZerobusOperations.class);
    }

    @Override
    public Object prepare(SensorReading reading) {
        return switch (kind) {
            case TEMPLATE_STRING -> reading.json();
            case TEMPLATE_POJO -> reading;
            case TEMPLATE_PROTO -> reading.proto();
            default -> throw new IllegalStateException("not a template client: " + kind);
        };
    }

    @Override
    public void ingest(int stream, Object record) {
        template.send(table, record);
    }

    @Override
    public void ingestBatch(int stream, List<Object> records) {
        template.sendBatch(table, records);
    }

    @Override
    public void ingestTracked(Object record, AckProbe probe, int sequence) {
        template.send(table, record).thenRun(() -> probe.acked(sequence));
    }

    @Override
    public void flush() {
        template.flush(table);
    }

    @Override
    public void close() {
        if (context != null) {
            context.close();
        }
    }
}
