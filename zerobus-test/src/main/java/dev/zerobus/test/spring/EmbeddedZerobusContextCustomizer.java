package dev.zerobus.test.spring;

import dev.zerobus.test.AckPolicy;
import dev.zerobus.test.ZerobusTestServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Starts the server when the test context is created and stops it when the context closes. Equal for equal
 * annotations, so that Spring's context cache shares one context (and one server) between such test classes.
 */
final class EmbeddedZerobusContextCustomizer implements ContextCustomizer {

    /** The bean name of the server. */
    static final String BEAN_NAME = "zerobusTestServer";

    private final boolean tls;

    private final long ackIntervalMillis;

    EmbeddedZerobusContextCustomizer(EmbeddedZerobus annotation) {
        this.tls = annotation.tls();
        this.ackIntervalMillis = annotation.ackIntervalMillis();
    }

    @Override
    public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
        ZerobusTestServer.Builder builder = ZerobusTestServer.builder().tls(this.tls);
        if (this.ackIntervalMillis > 0) {
            builder.ackPolicy(AckPolicy.every(Duration.ofMillis(this.ackIntervalMillis)));
        }
        ZerobusTestServer server = builder.build().start();
        Map<String, Object> properties = new LinkedHashMap<>(server.springProperties());
        if (server.isTls()) {
            properties.put("zerobus.ca-certificate", server.caCertificatePath().toString());
        }
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("embeddedZerobus", properties));
        DefaultListableBeanFactory beanFactory = (DefaultListableBeanFactory) context.getBeanFactory();
        beanFactory.registerSingleton(BEAN_NAME, server);
        // Registered singletons get no destroy callback of their own; the server must stop with its context.
        beanFactory.registerDisposableBean(BEAN_NAME + ".closer", server::close);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EmbeddedZerobusContextCustomizer that
                && this.tls == that.tls
                && this.ackIntervalMillis == that.ackIntervalMillis;
    }

    @Override
    public int hashCode() {
        return Boolean.hashCode(this.tls) * 31 + Long.hashCode(this.ackIntervalMillis);
    }
}
