package dev.zerobus.benchmarks;

import dev.zerobus.benchmarks.proto.BenchReading;

/**
 * One sensor reading, the unit every client sends: as JSON text ({@link #json()}), as a Java object (the POJO that
 * the template serializes with the application's JSON mapper, snake_case) or as a protobuf message
 * ({@link #proto()}). The {@code note} pads the JSON form to the record size asked for.
 */
public record SensorReading(
        String sensorId,
        String site,
        long ts,
        double temperatureC,
        double humidityPct,
        double pressureHpa,
        double batteryV,
        String status,
        String note) {

    /** The JSON object, with the field names of the Delta table (snake_case) and the JDK's shortest doubles. */
    public String json() {
        return "{\"sensor_id\":\"" + sensorId + "\",\"site\":\"" + site + "\",\"ts\":" + ts + ",\"temperature_c\":"
                + temperatureC + ",\"humidity_pct\":" + humidityPct + ",\"pressure_hpa\":" + pressureHpa
                + ",\"battery_v\":" + batteryV + ",\"status\":\"" + status + "\",\"note\":\"" + note + "\"}";
    }

    public BenchReading proto() {
        return BenchReading.newBuilder()
                .setSensorId(sensorId)
                .setSite(site)
                .setTs(ts)
                .setTemperatureC(temperatureC)
                .setHumidityPct(humidityPct)
                .setPressureHpa(pressureHpa)
                .setBatteryV(batteryV)
                .setStatus(status)
                .setNote(note)
                .build();
    }
}
