package dev.zerobus.sample;

import dev.zerobus.client.RecordAck;
import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.client.ZerobusStream;
import dev.zerobus.sample.proto.SensorReadingProto;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends the configured number of readings to each table — JSON in batches, protobuf one record at a time — waits until
 * the service has acknowledged all of them, and reports what arrived.
 */
@Component
class SensorIngestRunner implements ApplicationRunner {

    private static final Logger logger = LoggerFactory.getLogger(SensorIngestRunner.class);

    private final ZerobusSdk sdk;

    private final ZerobusConnection connection;

    private final SampleProperties properties;

    private final JsonMapper jsonMapper;

    private final ObjectProvider<ZerobusTestServer> embeddedServer;

    SensorIngestRunner(
            ZerobusSdk sdk,
            ZerobusConnection connection,
            SampleProperties properties,
            JsonMapper jsonMapper,
            ObjectProvider<ZerobusTestServer> embeddedServer) {
        this.sdk = sdk;
        this.connection = connection;
        this.properties = properties;
        this.jsonMapper = jsonMapper;
        this.embeddedServer = embeddedServer;
    }

    @Override
    public void run(ApplicationArguments args) {
        logger.info("Streaming {} readings per table to {}", this.properties.readings(), this.connection);
        SensorReadingGenerator generator = new SensorReadingGenerator(this.properties.sensors(), Clock.systemUTC());
        ingestJson(generator);
        ingestProto(generator);
        ZerobusTestServer server = this.embeddedServer.getIfAvailable();
        if (server != null) {
            logger.info(
                    "Embedded server stored {} rows in {} and {} rows in {}",
                    server.recordCount(this.properties.jsonTable()),
                    this.properties.jsonTable(),
                    server.recordCount(this.properties.protoTable()),
                    this.properties.protoTable());
        }
    }

    private void ingestJson(SensorReadingGenerator generator) {
        long started = System.nanoTime();
        try (ZerobusStream stream = openStream(TableProperties.json(this.properties.jsonTable()))) {
            List<String> batch = new ArrayList<>(this.properties.batchSize());
            RecordAck last = null;
            for (int i = 0; i < this.properties.readings(); i++) {
                batch.add(this.jsonMapper.writeValueAsString(generator.next()));
                if (batch.size() == this.properties.batchSize() || i == this.properties.readings() - 1) {
                    last = stream.ingestJsonBatch(batch);
                    batch.clear();
                }
            }
            stream.flush();
            report("JSON", stream, last, started);
        }
    }

    private void ingestProto(SensorReadingGenerator generator) {
        long started = System.nanoTime();
        TableProperties table = TableProperties.proto(this.properties.protoTable(), SensorReadingProto.getDescriptor());
        try (ZerobusStream stream = openStream(table)) {
            RecordAck last = null;
            for (int i = 0; i < this.properties.readings(); i++) {
                last = stream.ingestRecord(generator.next().toProto().toByteArray());
            }
            if (last != null) {
                last.await();
            }
            report("protobuf", stream, last, started);
        }
    }

    private ZerobusStream openStream(TableProperties table) {
        return this.sdk.createStream(
                table,
                this.connection.clientId(),
                this.connection.clientSecret(),
                StreamConfigurationOptions.defaults());
    }

    private void report(String format, ZerobusStream stream, RecordAck last, long startedNanos) {
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        logger.info(
                "{}: {} readings acknowledged into {} (last offset {}) in {} ms, {} readings/s; stream {}",
                format,
                this.properties.readings(),
                stream.tableName(),
                (last != null) ? last.offset() : -1,
                Math.round(seconds * 1000),
                Math.round(this.properties.readings() / seconds),
                stream.stats());
    }
}
