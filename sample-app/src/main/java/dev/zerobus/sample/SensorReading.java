package dev.zerobus.sample;

import dev.zerobus.sample.proto.SensorReadingProto;

/**
 * One reading. Field names match the Delta table's columns; {@code observedAt} is a TIMESTAMP in microseconds since the
 * epoch, as Zerobus expects for JSON and protobuf alike.
 */
public record SensorReading(
        String sensorId,
        String site,
        long observedAt,
        double temperatureC,
        double humidityPct,
        int batteryMv,
        boolean healthy) {

    SensorReadingProto toProto() {
        return SensorReadingProto.newBuilder()
                .setSensorId(this.sensorId)
                .setSite(this.site)
                .setObservedAt(this.observedAt)
                .setTemperatureC(this.temperatureC)
                .setHumidityPct(this.humidityPct)
                .setBatteryMv(this.batteryMv)
                .setHealthy(this.healthy)
                .build();
    }
}
