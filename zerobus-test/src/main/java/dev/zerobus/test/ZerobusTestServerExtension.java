package dev.zerobus.test;

import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 support: one {@link ZerobusTestServer} per test class, injected into test and lifecycle methods that declare a
 * {@code ZerobusTestServer} parameter; its faults are reset before each test (records are kept, so use a table per
 * test).
 *
 * <pre>{@code
 * @ExtendWith(ZerobusTestServerExtension.class)
 * class PlainTest {
 *     @Test
 *     void ingests(ZerobusTestServer server) { ... }
 * }
 *
 * class TlsTest {
 *     @RegisterExtension
 *     static ZerobusTestServerExtension zerobus = new ZerobusTestServerExtension(b -> b.tls(true));
 *     // zerobus.server()
 * }
 * }</pre>
 *
 * Registered on an instance field instead of a static one, the server lives for one test.
 */
public final class ZerobusTestServerExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    private final Consumer<ZerobusTestServer.Builder> customizer;
    private ZerobusTestServer server;
    private String ownerId;

    /** A plaintext server with defaults. */
    public ZerobusTestServerExtension() {
        this(builder -> {});
    }

    /** A server configured by {@code customizer} (e.g. {@code b -> b.tls(true)}). */
    public ZerobusTestServerExtension(Consumer<ZerobusTestServer.Builder> customizer) {
        this.customizer = Objects.requireNonNull(customizer, "customizer");
    }

    /** The running server. */
    public synchronized ZerobusTestServer server() {
        if (server == null) {
            throw new IllegalStateException("the Zerobus test server is not running (outside of a test?)");
        }
        return server;
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) {
        startIfNeeded(context);
    }

    @Override
    public synchronized void beforeEach(ExtensionContext context) {
        startIfNeeded(context);
        server.faults().reset();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        stopIfOwner(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ZerobusTestServer.class;
    }

    @Override
    public synchronized Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        startIfNeeded(context);
        return server;
    }

    private void startIfNeeded(ExtensionContext context) {
        if (server == null) {
            ZerobusTestServer.Builder builder = ZerobusTestServer.builder();
            customizer.accept(builder);
            server = builder.build().start();
            ownerId = context.getUniqueId();
        }
    }

    private void stopIfOwner(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(ownerId)) {
            server.close();
            server = null;
            ownerId = null;
        }
    }
}
