package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.client.StreamConfigurationOptions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class StreamOptionsResolverTests {

    @Test
    void appliesGlobalThenTableThenCustomizers() {
        ZerobusProperties properties = new ZerobusProperties();
        properties.getStream().setMaxInflightRequests(1_000);
        properties.getStream().setFlushTimeout(Duration.ofSeconds(7));
        ZerobusProperties.Table table = new ZerobusProperties.Table();
        table.getStream().setMaxInflightRequests(50);
        table.getStream().setMaxInflightBytes(DataSize.ofMegabytes(8));
        properties.getTables().put("main.a.b", table);
        StreamConfigurationCustomizer customizer = (name, builder) -> {
            if (name.equals("main.a.b")) {
                builder.recoveryRetries(9);
            }
        };
        StreamOptionsResolver resolver =
                new StreamOptionsResolver(properties, properties.getTables(), List.of(customizer));

        StreamConfigurationOptions overridden = resolver.resolve("main.a.b");
        assertThat(overridden.maxInflightRequests()).isEqualTo(50);
        assertThat(overridden.maxInflightBytes()).isEqualTo(8L * 1024 * 1024);
        assertThat(overridden.flushTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(overridden.recoveryRetries()).isEqualTo(9);

        StreamConfigurationOptions global = resolver.resolve("main.other.table");
        StreamConfigurationOptions defaults = StreamConfigurationOptions.defaults();
        assertThat(global.maxInflightRequests()).isEqualTo(1_000);
        assertThat(global.maxInflightBytes()).isEqualTo(defaults.maxInflightBytes());
        assertThat(global.recoveryRetries()).isEqualTo(defaults.recoveryRetries());
    }

    @Test
    void recordsHeldDefaultToTheStartersBoundUnlessAPropertySetsThem() {
        ZerobusProperties properties = new ZerobusProperties();
        ZerobusProperties.Table table = new ZerobusProperties.Table();
        table.getStream().setMaxInflightRecords(300_000);
        properties.getTables().put("main.a.b", table);
        StreamOptionsResolver resolver = new StreamOptionsResolver(properties, properties.getTables(), List.of());

        assertThat(resolver.resolve("main.other.table").maxInflightRecords())
                .isEqualTo(ZerobusProperties.Stream.DEFAULT_MAX_INFLIGHT_RECORDS)
                .isLessThan(StreamConfigurationOptions.defaults().maxInflightRecords());
        assertThat(resolver.resolve("main.a.b").maxInflightRecords()).isEqualTo(300_000);
    }

    @Test
    void coalescingAndHeldLimitsReachTheOptions() {
        ZerobusProperties properties = new ZerobusProperties();
        properties.getStream().setMaxInflightRecords(200_000);
        properties.getStream().setMaxRequestRecords(500);
        properties.getStream().setMaxRequestBytes(DataSize.ofKilobytes(256));
        properties.getStream().setLinger(Duration.ofMillis(5));
        ZerobusProperties.Table table = new ZerobusProperties.Table();
        table.getStream().setLinger(Duration.ZERO);
        properties.getTables().put("main.a.b", table);
        StreamOptionsResolver resolver = new StreamOptionsResolver(properties, properties.getTables(), List.of());

        StreamConfigurationOptions global = resolver.resolve("main.other.table");
        assertThat(global.maxInflightRecords()).isEqualTo(200_000);
        assertThat(global.maxRequestRecords()).isEqualTo(500);
        assertThat(global.maxRequestBytes()).isEqualTo(256 * 1024);
        assertThat(global.linger()).isEqualTo(Duration.ofMillis(5));
        assertThat(resolver.resolve("main.a.b").linger())
                .as("per-table override")
                .isZero();
        assertThat(new StreamOptionsResolver(new ZerobusProperties(), java.util.Map.of(), List.of())
                        .resolve("main.a.b"))
                .isEqualTo(StreamConfigurationOptions.defaults().toBuilder()
                        .maxBlock(new ZerobusProperties().getTemplate().getMaxBlock())
                        .maxInflightRecords(ZerobusProperties.Stream.DEFAULT_MAX_INFLIGHT_RECORDS)
                        .build());
    }

    @Test
    void aRequestSizeOverTheServiceLimitFailsNamingTheOption() {
        ZerobusProperties properties = new ZerobusProperties();
        properties.getStream().setMaxRequestBytes(DataSize.ofMegabytes(11));
        StreamOptionsResolver resolver = new StreamOptionsResolver(properties, properties.getTables(), List.of());

        org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
                .isThrownBy(() -> resolver.resolve("main.a.b"))
                .withMessageContaining("maxRequestBytes");
    }
}
