package dev.zerobus.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.sample.proto.SensorReadingProto;
import dev.zerobus.test.IngestedRecord;
import dev.zerobus.test.ZerobusTestServer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@SpringBootTest(properties = {"sample.readings=500", "sample.batch-size=64"})
class SampleApplicationTests {

    @Autowired
    ZerobusTestServer server;

    @Autowired
    JsonMapper jsonMapper;

    @Test
    void everyJsonReadingArrivesInOrderWithTheTableColumns() {
        List<IngestedRecord> records = this.server.records("main.iot.sensor_readings");
        assertThat(records).hasSize(500);
        JsonNode first = this.jsonMapper.readTree(records.get(0).json());
        assertThat(first.get("sensorId").asString()).isEqualTo("sensor-0000");
        assertThat(first.get("observedAt").isIntegralNumber()).isTrue();
        JsonNode last = this.jsonMapper.readTree(records.get(499).json());
        assertThat(last.get("sensorId").asString()).isEqualTo("sensor-%04d".formatted(499 % 50));
    }

    @Test
    void everyProtobufReadingArrivesAndParses() throws Exception {
        List<IngestedRecord> records = this.server.records("main.iot.sensor_readings_proto");
        assertThat(records).hasSize(500);
        SensorReadingProto first = SensorReadingProto.parseFrom(records.get(0).proto());
        assertThat(first.getSensorId()).isEqualTo("sensor-0000");
        assertThat(first.hasTemperatureC()).isTrue();
    }
}
