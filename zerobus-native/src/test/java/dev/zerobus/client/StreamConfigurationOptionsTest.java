package dev.zerobus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StreamConfigurationOptionsTest {

    @Test
    void defaultsFollowTheProtocolAndKeepTheInflightCapAboveTheServiceLimit() {
        StreamConfigurationOptions options = StreamConfigurationOptions.defaults();

        assertThat(options.recovery()).isTrue();
        assertThat(options.recoveryTimeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(options.recoveryBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(options.recoveryRetries()).isEqualTo(4);
        assertThat(options.serverLackOfAckTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.flushTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.closeSignalMaxPause()).isEmpty();
        // acks every 200 ms: the in-flight cap must exceed 100k records/s and 100 MB/s per stream
        assertThat(options.maxInflightRecords() / 0.2).isGreaterThan(3 * 250_000);
        assertThat(options.maxInflightRequests() / 0.2).isGreaterThan(100_000);
        assertThat(options.linger())
                .as("no record waits for another by default")
                .isZero();
        assertThat(options.maxRequestBytes()).isLessThanOrEqualTo(StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT);
        assertThat(options.maxInflightBytes() / 0.2).isGreaterThan(100_000_000);
    }

    @Test
    void builderValuesReachTheNativeArray() {
        StreamConfigurationOptions options = StreamConfigurationOptions.builder()
                .maxInflightRequests(7)
                .maxInflightBytes(4096)
                .recovery(false)
                .recoveryTimeout(Duration.ofMillis(1500))
                .recoveryBackoff(Duration.ZERO)
                .recoveryRetries(0)
                .flushTimeout(Duration.ofNanos(1))
                .serverLackOfAckTimeout(Duration.ofMinutes(2))
                .closeSignalMaxPause(Duration.ofSeconds(3))
                .maxInflightRecords(70)
                .maxRequestRecords(8)
                .maxRequestBytes(512)
                .linger(Duration.ofMillis(5))
                .build();

        long[] values = options.toLongArray();

        assertThat(values).hasSize(NativeBridge.OPTIONS_LENGTH);
        assertThat(values[NativeBridge.OPT_MAX_INFLIGHT_REQUESTS]).isEqualTo(7);
        assertThat(values[NativeBridge.OPT_MAX_INFLIGHT_BYTES]).isEqualTo(4096);
        assertThat(values[NativeBridge.OPT_RECOVERY]).isZero();
        assertThat(values[NativeBridge.OPT_RECOVERY_TIMEOUT_MS]).isEqualTo(1500);
        assertThat(values[NativeBridge.OPT_RECOVERY_BACKOFF_MS]).isZero();
        assertThat(values[NativeBridge.OPT_RECOVERY_RETRIES]).isZero();
        assertThat(values[NativeBridge.OPT_FLUSH_TIMEOUT_MS])
                .as("rounded up, never 0")
                .isEqualTo(1);
        assertThat(values[NativeBridge.OPT_SERVER_LACK_OF_ACK_TIMEOUT_MS]).isEqualTo(120_000);
        assertThat(values[NativeBridge.OPT_CLOSE_SIGNAL_MAX_PAUSE_MS]).isEqualTo(3000);
        assertThat(values[NativeBridge.OPT_MAX_INFLIGHT_RECORDS]).isEqualTo(70);
        assertThat(values[NativeBridge.OPT_MAX_REQUEST_RECORDS]).isEqualTo(8);
        assertThat(values[NativeBridge.OPT_MAX_REQUEST_BYTES]).isEqualTo(512);
        assertThat(options.linger()).as("applied in Java").isEqualTo(Duration.ofMillis(5));
        assertThat(StreamConfigurationOptions.defaults().toLongArray()[NativeBridge.OPT_CLOSE_SIGNAL_MAX_PAUSE_MS])
                .isEqualTo(-1);
        assertThat(StreamConfigurationOptions.builder()
                        .flushTimeout(Duration.ofSeconds(Long.MAX_VALUE))
                        .build()
                        .toLongArray()[NativeBridge.OPT_FLUSH_TIMEOUT_MS])
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void toBuilderCopiesAndChangesOnlyWhatIsSet() {
        StreamConfigurationOptions base =
                StreamConfigurationOptions.builder().maxInflightRequests(10).build();

        StreamConfigurationOptions changed =
                base.toBuilder().flushTimeout(Duration.ofSeconds(1)).build();

        assertThat(changed.maxInflightRequests()).isEqualTo(10);
        assertThat(changed.flushTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(base.flushTimeout()).isEqualTo(StreamConfigurationOptions.DEFAULT_FLUSH_TIMEOUT);
        assertThat(base.toBuilder().build()).isEqualTo(base).hasSameHashCodeAs(base);
        assertThat(changed).isNotEqualTo(base);
        assertThat(base.toBuilder().closeSignalMaxPause(null).build().closeSignalMaxPause())
                .isEmpty();
    }

    @Test
    void invalidValuesAreRejected() {
        StreamConfigurationOptions.Builder builder = StreamConfigurationOptions.builder();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxInflightRequests(0));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxInflightBytes(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.recoveryRetries(-1));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.recoveryTimeout(Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.recoveryTimeout(null));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.recoveryBackoff(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.flushTimeout(Duration.ofSeconds(-5)));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.serverLackOfAckTimeout(Duration.ZERO))
                .withMessageContaining("serverLackOfAckTimeout");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.closeSignalMaxPause(Duration.ofSeconds(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxInflightRecords(0));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.maxRequestRecords(0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> builder.maxRequestBytes(StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT + 1))
                .withMessageContaining("10485760");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.linger(Duration.ofMillis(-1)));
    }
}
