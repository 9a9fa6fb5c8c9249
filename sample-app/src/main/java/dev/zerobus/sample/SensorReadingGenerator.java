package dev.zerobus.sample;

import java.time.Clock;
import java.util.SplittableRandom;

/** Simulated sensors on a few sites: temperature and humidity drift slowly, batteries drain, a few sensors fail. */
final class SensorReadingGenerator {

    private static final String[] SITES = {"amsterdam-dc1", "berlin-plant", "lisbon-warehouse", "oslo-lab"};

    private final SplittableRandom random = new SplittableRandom(42);

    private final Clock clock;

    private final double[] temperature;

    private final double[] humidity;

    private final int[] battery;

    private long sequence;

    SensorReadingGenerator(int sensors, Clock clock) {
        this.clock = clock;
        this.temperature = new double[sensors];
        this.humidity = new double[sensors];
        this.battery = new int[sensors];
        for (int i = 0; i < sensors; i++) {
            this.temperature[i] = 18 + this.random.nextDouble(6);
            this.humidity[i] = 35 + this.random.nextDouble(20);
            this.battery[i] = 3600 - this.random.nextInt(300);
        }
    }

    SensorReading next() {
        int sensor = (int) (this.sequence++ % this.temperature.length);
        this.temperature[sensor] += this.random.nextDouble(-0.2, 0.2);
        this.humidity[sensor] = Math.max(0, Math.min(100, this.humidity[sensor] + this.random.nextDouble(-0.5, 0.5)));
        if (this.random.nextInt(50) == 0) {
            this.battery[sensor]--;
        }
        long micros = this.clock.millis() * 1000;
        return new SensorReading(
                "sensor-%04d".formatted(sensor),
                SITES[sensor % SITES.length],
                micros,
                Math.round(this.temperature[sensor] * 100) / 100.0,
                Math.round(this.humidity[sensor] * 10) / 10.0,
                this.battery[sensor],
                this.battery[sensor] > 3350);
    }
}
