package dev.zerobus.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.sample.proto.SensorReadingProto;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import dev.zerobus.test.spring.EmbeddedZerobus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sample as a client sees it, over HTTP, against the embedded server; the generator runs all along. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "sample.rate=100")
@EmbeddedZerobus
class SampleApplicationTests {

    private static final String JSON_TABLE = "main.iot.sensor_readings";

    private static final String PROTO_TABLE = "main.iot.sensor_readings_proto";

    private final HttpClient http = HttpClient.newHttpClient();

    @Autowired
    ZerobusTestServer server;

    @Autowired
    JsonMapper jsonMapper;

    @LocalServerPort
    int port;

    @Test
    void aPostedReadingIsOneRecordWithSnakeCaseColumns() throws Exception {
        HttpResponse<String> response = post("/readings", reading("rest-1", 21.5));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.jsonMapper.readTree(response.body()).get("records").asInt())
                .isEqualTo(1);
        List<JsonNode> stored = storedFrom("rest-1");
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).get("temperature_c").asDouble()).isEqualTo(21.5);
        assertThat(stored.get(0).has("sensorId")).isFalse();
    }

    @Test
    void aPostedBatchIsOneRecordPerReading() throws Exception {
        String batch =
                "[" + reading("batch-1", 20.0) + "," + reading("batch-1", 20.5) + "," + reading("batch-1", 21.0) + "]";
        HttpResponse<String> response = post("/readings/batch", batch);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(this.jsonMapper.readTree(response.body()).get("records").asInt())
                .isEqualTo(3);
        assertThat(storedFrom("batch-1"))
                .extracting(node -> node.get("temperature_c").asDouble())
                .containsExactly(20.0, 20.5, 21.0);
    }

    @Test
    void theGeneratorsReadingsAreAcknowledgedInBothTablesAndHealthIsUp() throws Exception {
        assertThat(this.server.awaitRecordCount(JSON_TABLE, 20, Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(20);
        assertThat(this.server.awaitRecordCount(PROTO_TABLE, 20, Duration.ofSeconds(10)))
                .isGreaterThanOrEqualTo(20);
        SensorReadingProto proto = SensorReadingProto.parseFrom(
                this.server.records(PROTO_TABLE).get(0).proto());
        assertThat(proto.getSensorId()).startsWith("sensor-");
        assertThat(proto.hasTemperatureC()).isTrue();

        JsonNode stats = this.jsonMapper.readTree(get("/readings/stats").body());
        assertThat(stats.get(PROTO_TABLE).get("acknowledged").asLong()).isPositive();
        assertThat(stats.get(PROTO_TABLE).get("failed").asLong()).isZero();

        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        JsonNode healthBody = this.jsonMapper.readTree(health.body());
        assertThat(healthBody.get("status").asString()).isEqualTo("UP");
        assertThat(healthBody.at("/components/zerobus/status").asString()).isEqualTo("UP");

        HttpResponse<String> acknowledged =
                get("/actuator/metrics/zerobus.records.acknowledged?tag=table:" + PROTO_TABLE);
        assertThat(acknowledged.statusCode()).isEqualTo(200);
        assertThat(this.jsonMapper
                        .readTree(acknowledged.body())
                        .at("/measurements/0/value")
                        .asDouble())
                .isPositive();
    }

    private List<JsonNode> storedFrom(String sensorId) {
        return this.server.records(JSON_TABLE).stream()
                .map(IngestedRecord::json)
                .map(this.jsonMapper::readTree)
                .filter(node -> sensorId.equals(node.path("sensor_id").asString()))
                .toList();
    }

    private static String reading(String sensorId, double temperature) {
        return """
                {"sensorId":"%s","site":"lab","observedAt":1700000000000000,"temperatureC":%s,"humidityPct":40.0,\
                "batteryMv":3600,"healthy":true}"""
                .formatted(sensorId, temperature);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return this.http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return this.http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
