package dev.zerobus.spring.autoconfigure;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Settings of the {@code zerobus} health indicator. */
@ConfigurationProperties("management.health.zerobus")
public class ZerobusHealthProperties {

    /**
     * A table with records in flight and no acknowledgement progress for longer than this is DOWN; so is a table whose
     * stream has not opened for this long.
     */
    private Duration ackStallThreshold = Duration.ofSeconds(30);

    public Duration getAckStallThreshold() {
        return this.ackStallThreshold;
    }

    public void setAckStallThreshold(Duration ackStallThreshold) {
        this.ackStallThreshold = ackStallThreshold;
    }
}
