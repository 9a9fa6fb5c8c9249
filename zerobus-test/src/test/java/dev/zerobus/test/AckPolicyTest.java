package dev.zerobus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Acks coalesced on a timer, as the real service sends them. */
class AckPolicyTest {

    @Test
    void timerPolicySendsFewCumulativeAcksForManyRequests() throws Exception {
        try (ZerobusTestServer server = ZerobusTestServer.builder()
                .ackPolicy(AckPolicy.every(Duration.ofMillis(200)))
                .build()
                .start()) {
            ManagedChannel channel = TestChannels.open(server);
            try (RawStream stream = RawStream.json(server, channel, "main.acks.timer")) {
                for (int i = 0; i < 100; i++) {
                    stream.send(RawStream.jsonRecord(i, "{}"));
                }
                int acks = stream.awaitAck(99);
                assertThat(acks).as("ack messages for 100 requests").isLessThan(20);
            } finally {
                channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void immediatePolicyIsTheDefaultAndTimerNeedsAPositiveInterval() {
        assertThat(AckPolicy.immediate().isImmediate()).isTrue();
        assertThat(AckPolicy.every(Duration.ofMillis(200)).interval()).isEqualTo(Duration.ofMillis(200));
        assertThat(AckPolicy.every(Duration.ofMillis(200))).isEqualTo(AckPolicy.every(Duration.ofMillis(200)));
        assertThatThrownBy(() -> AckPolicy.every(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
