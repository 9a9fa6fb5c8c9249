package dev.zerobus.test.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zerobus.test.ZerobusTestServer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

@SpringJUnitConfig(EmbeddedZerobusTests.Config.class)
@EmbeddedZerobus
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedZerobusTests {

    static ZerobusTestServer first;

    @Autowired
    ZerobusTestServer server;

    @Autowired
    Environment environment;

    @Test
    @Order(1)
    void startsAServerAndPointsTheApplicationAtIt() {
        assertThat(this.server.isRunning()).isTrue();
        assertThat(this.environment.getProperty("zerobus.endpoint")).isEqualTo(this.server.endpoint());
        assertThat(this.environment.getProperty("zerobus.workspace-url")).isEqualTo(this.server.workspaceUrl());
        assertThat(this.environment.getProperty("zerobus.client-id")).isEqualTo(this.server.clientId());
        assertThat(this.environment.getProperty("zerobus.client-secret")).isEqualTo(this.server.clientSecret());
        first = this.server;
        this.server.stop();
    }

    @Test
    @Order(2)
    void isSharedByTheTestsOfAContextAndRestoredBetweenThem() {
        assertThat(this.server).isSameAs(first);
        assertThat(this.server.isRunning()).isTrue();
        assertThat(this.server.recordCount("main.any.table")).isZero();
    }

    @Configuration(proxyBeanMethods = false)
    static class Config {}
}
