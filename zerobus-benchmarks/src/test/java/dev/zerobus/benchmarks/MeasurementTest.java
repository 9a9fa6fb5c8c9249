package dev.zerobus.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeasurementTest {

    @Test
    void resultLineRoundTrips() {
        Measurement measurement =
                new Measurement("ours/batch100", "every-200ms", 1_000_000, 2_000_000_000L, 500_000_000L, 81_920, 42);

        Measurement parsed = Measurement.parseLine(measurement.toLine());

        assertThat(parsed).isEqualTo(measurement);
        assertThat(parsed.recordsPerSecond()).isEqualTo(500_000.0);
        assertThat(parsed.cpuMicrosPerRecord()).isEqualTo(0.5);
    }

    @Test
    void incompleteLineIsRejectedWithTheMissingField() {
        assertThatThrownBy(() -> Measurement.parseLine("BENCH_RESULT variant=ours/single ackMode=immediate"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("records");
    }

    @Test
    void variantIdsRoundTrip() {
        assertThat(Variant.parse("official/single")).isEqualTo(new Variant(ClientKind.OFFICIAL_SDK, 1));
        assertThat(Variant.parse("grpc-java/batch100").id()).isEqualTo("grpc-java/batch100");
        assertThatThrownBy(() -> Variant.parse("nobody/single")).isInstanceOf(IllegalArgumentException.class);
    }
}
