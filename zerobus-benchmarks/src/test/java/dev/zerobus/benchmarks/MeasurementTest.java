package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void resultLineRoundTrips() {
        Measurement measurement = new Measurement(
                "ours/batch100",
                1_000_000,
                2_000_000_000L,
                500_000_000L,
                81_920,
                42,
                new Measurement.Latency(110.5, 480.0, 1_250.25));

        Measurement parsed = Measurement.parseLine(measurement.toLine());

        assertThat(parsed).isEqualTo(measurement);
        assertThat(parsed.recordsPerSecond()).isEqualTo(500_000.0);
        assertThat(parsed.cpuMicrosPerRecord()).isEqualTo(0.5);
    }

    @Test
    void aRunWithoutLatencyRoundTripsAsNotMeasured() {
        Measurement measurement = new Measurement("ours/single", 10, 1, 1, 1, 1, Measurement.Latency.NONE);

        assertThat(Measurement.parseLine(measurement.toLine()).latency().isMeasured())
                .isFalse();
    }

    @Test
    void incompleteLineIsRejectedWithTheMissingField() {
        assertThatThrownBy(() -> Measurement.parseLine("BENCH_RESULT variant=ours/single"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records");
    }

    @Test
    void variantIdsRoundTrip() {
        assertThat(Variant.parse("official/single")).isEqualTo(new Variant(ClientKind.OFFICIAL_SDK, Variant.SINGLE));
        assertThat(Variant.parse("grpc-java/batch100").batchSize()).isEqualTo(100);
        assertThat(Variant.parse("ours/coalesced").batchSize()).isEqualTo(1);
        assertThat(Variant.parse("template-pojo/single").client()).isEqualTo(ClientKind.TEMPLATE_POJO);
        assertThatThrownBy(() -> Variant.parse("nobody/single")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.parse("ours/batch1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Variant.parse("ours/lots")).isInstanceOf(IllegalArgumentException.class);
    }
}
