package dev.zerobus.sample;

import dev.zerobus.spring.IngestResult;
import dev.zerobus.spring.ZerobusOperations;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Sends the configured number of readings to each table — as JSON objects in batches, and as protobuf messages one at
 * a time — and waits until the service has made all of them durable.
 */
@Component
class SensorIngestRunner implements ApplicationRunner {

    private static final Logger logger = LoggerFactory.getLogger(SensorIngestRunner.class);

    private final ZerobusOperations zerobus;

    private final SampleProperties properties;

    SensorIngestRunner(ZerobusOperations zerobus, SampleProperties properties) {
        this.zerobus = zerobus;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        SensorReadingGenerator generator = new SensorReadingGenerator(this.properties.sensors(), Clock.systemUTC());
        report("JSON", this.properties.jsonTable(), sendJsonBatches(generator));
        report("protobuf", this.properties.protoTable(), sendProtoMessages(generator));
    }

    private Sent sendJsonBatches(SensorReadingGenerator generator) {
        long started = System.nanoTime();
        List<CompletableFuture<IngestResult>> acks = new ArrayList<>();
        List<SensorReading> batch = new ArrayList<>(this.properties.batchSize());
        for (int i = 0; i < this.properties.readings(); i++) {
            batch.add(generator.next());
            if (batch.size() == this.properties.batchSize() || i == this.properties.readings() - 1) {
                acks.add(this.zerobus.sendBatch(this.properties.jsonTable(), batch));
                batch = new ArrayList<>(this.properties.batchSize());
            }
        }
        return new Sent(acks, started);
    }

    private Sent sendProtoMessages(SensorReadingGenerator generator) {
        long started = System.nanoTime();
        List<CompletableFuture<IngestResult>> acks = new ArrayList<>(this.properties.readings());
        for (int i = 0; i < this.properties.readings(); i++) {
            acks.add(this.zerobus.send(
                    this.properties.protoTable(), generator.next().toProto()));
        }
        return new Sent(acks, started);
    }

    private void report(String format, String table, Sent sent) {
        CompletableFuture.allOf(sent.acks().toArray(CompletableFuture[]::new)).join();
        double seconds = (System.nanoTime() - sent.startedNanos()) / 1e9;
        int records = sent.acks().stream().mapToInt(ack -> ack.join().records()).sum();
        logger.info(
                "{}: {} readings durable in {} ({} requests) in {} ms, {} readings/s",
                format,
                records,
                table,
                sent.acks().size(),
                Math.round(seconds * 1000),
                Math.round(records / seconds));
    }

    private record Sent(List<CompletableFuture<IngestResult>> acks, long startedNanos) {}
}
