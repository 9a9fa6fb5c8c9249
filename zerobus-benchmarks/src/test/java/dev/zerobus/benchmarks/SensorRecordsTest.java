package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensorRecordsTest {

    @Test
    void recordsAreDistinctJsonObjectsOfTheExactSize() {
        List<String> records = SensorRecords.generate(1_000, 200);

        assertThat(records).hasSize(1_000);
        assertThat(new HashSet<>(records)).hasSize(1_000);
        assertThat(records).allSatisfy(record -> {
            assertThat(record.getBytes(StandardCharsets.UTF_8)).hasSize(200);
            assertThat(record).startsWith("{\"sensor_id\":\"sensor-").endsWith("\"}");
        });
    }

    @Test
    void batchesCycleThroughTheRecordsWithoutGaps() {
        List<String> records = SensorRecords.generate(250, 200);

        List<List<String>> batches = SensorRecords.batches(records, 100, 3);

        assertThat(batches).allSatisfy(batch -> assertThat(batch).hasSize(100));
        assertThat(batches.get(2).get(49)).isEqualTo(records.get(249));
        assertThat(batches.get(2).get(50)).isEqualTo(records.get(0));
    }

    @Test
    void tooSmallARecordSizeIsRefused() {
        assertThatThrownBy(() -> SensorRecords.generate(1, 50))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least");
    }
}
