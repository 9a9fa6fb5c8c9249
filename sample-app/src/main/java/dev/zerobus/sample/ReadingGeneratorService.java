package dev.zerobus.sample;

import dev.zerobus.spring.ZerobusOperations;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Sends {@code sample.rate} readings per second to each table — as a Java record to the JSON table and as a protobuf
 * message to the PROTO table — from a single scheduler thread, every 100 ms. It is a {@link SmartLifecycle} in the
 * default phase, so it stops first on shutdown, before the web server's graceful shutdown and before the starter
 * flushes and closes the streams: nothing is sent after that.
 */
@Component
class ReadingGeneratorService implements SmartLifecycle {

    private static final Logger logger = LoggerFactory.getLogger(ReadingGeneratorService.class);

    private static final long TICK_MILLIS = 100;

    private final ZerobusOperations zerobus;

    private final SampleProperties properties;

    private final ReadingStats stats;

    private final SensorReadingGenerator generator;

    private volatile ScheduledExecutorService scheduler;

    private double budget;

    ReadingGeneratorService(ZerobusOperations zerobus, SampleProperties properties, ReadingStats stats) {
        this.zerobus = zerobus;
        this.properties = properties;
        this.stats = stats;
        this.generator = new SensorReadingGenerator(properties.sensors(), Clock.systemUTC());
    }

    @Override
    public synchronized void start() {
        if (this.properties.rate() <= 0) {
            logger.info("Reading generator off (sample.rate={})", this.properties.rate());
            return;
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "reading-generator");
            thread.setDaemon(true);
            return thread;
        });
        this.scheduler.scheduleAtFixedRate(this::tick, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
        logger.info(
                "Reading generator sending {} readings/s to {} (JSON) and {} (protobuf)",
                this.properties.rate(),
                this.properties.jsonTable(),
                this.properties.protoTable());
    }

    @Override
    public void stop() {
        ScheduledExecutorService scheduler;
        synchronized (this) {
            scheduler = this.scheduler;
            this.scheduler = null;
        }
        if (scheduler == null) {
            return;
        }
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException ex) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
        logger.info("Reading generator stopped");
    }

    @Override
    public boolean isRunning() {
        return this.scheduler != null;
    }

    private void tick() {
        this.budget += this.properties.rate() * TICK_MILLIS / 1000.0;
        while (this.budget >= 1 && !Thread.currentThread().isInterrupted()) {
            this.budget--;
            SensorReading reading = this.generator.next();
            send(this.properties.jsonTable(), reading);
            send(this.properties.protoTable(), reading.toProto());
        }
    }

    private void send(String table, Object record) {
        try {
            this.stats.track(table, 1, this.zerobus.send(table, record));
        } catch (RuntimeException ex) {
            // e.g. a SendTimeoutException when the in-flight window stayed full for zerobus.template.max-block
            this.stats.refused(table, 1, ex);
        }
    }
}
