package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe itself works (its figure is printed, never asserted: speed belongs in benchmarks). */
class ThroughputProbeTest {

    @Test
    void pushesEveryRecordAndGetsTheLastAck() throws Exception {
        try (ZerobusTestServer server =
                ZerobusTestServer.builder().benchmarkMode(true).build().start()) {
            ThroughputProbe.Result result = ThroughputProbe.run(server, 20_000, 200);
            assertThat(result.serverCount()).isEqualTo(20_000);
            System.out.printf("probe: %,.0f records/s (20k records, not warmed up)%n", result.perSecond());
        }
    }
}
