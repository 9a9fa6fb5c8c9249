package dev.zerobus.spring.autoconfigure;

import dev.zerobus.test.ZerobusTestServer;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Context runners with every Zerobus auto-configuration, connected to a server the test controls. */
final class Runners {

    static final AutoConfigurations ALL = AutoConfigurations.of(
            JacksonAutoConfiguration.class,
            ZerobusEmbeddedServerAutoConfiguration.class,
            ZerobusAutoConfiguration.class,
            ZerobusHealthContributorAutoConfiguration.class,
            ZerobusMetricsAutoConfiguration.class,
            ZerobusObservationAutoConfiguration.class);

    private Runners() {}

    static ApplicationContextRunner against(ZerobusTestServer server) {
        List<String> properties = new ArrayList<>();
        server.springProperties().forEach((key, value) -> properties.add(key + "=" + value));
        return new ApplicationContextRunner()
                .withConfiguration(ALL)
                .withPropertyValues(properties.toArray(String[]::new))
                // Tests run many contexts: fail quickly instead of the production defaults' minutes.
                .withPropertyValues(
                        "zerobus.stream.recovery-retries=1",
                        "zerobus.stream.recovery-timeout=2s",
                        "zerobus.stream.recovery-backoff=100ms",
                        "zerobus.shutdown.flush-timeout=5s");
    }
}
