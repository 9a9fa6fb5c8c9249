package dev.zerobus.test.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts one {@link dev.zerobus.test.ZerobusTestServer} per Spring test context (like {@code @EmbeddedKafka}), registers
 * it as a bean and points the application at it: {@code zerobus.endpoint}, {@code zerobus.workspace-url},
 * {@code zerobus.client-id} and {@code zerobus.client-secret} come first in the environment, and the starter's
 * auto-configuration takes its connection details from the server bean. Inject the server to look at what was stored
 * or to inject faults:
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EmbeddedZerobus
 * class IngestTests {
 *     &#64;Autowired ZerobusTestServer zerobus;
 *     &#64;Autowired ZerobusTemplate template;
 * }
 * </pre>
 *
 * Before each test method the server's faults are reset and, unless {@link #clearBetweenTests()} is false, its records
 * and statistics cleared, so tests sharing a context do not see each other's records.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EmbeddedZerobus {

    /** Whether the server speaks TLS (a generated CA; {@code zerobus.ca-certificate} is set to it). */
    boolean tls() default false;

    /** Acknowledge once per this many milliseconds per stream, like the real service (about 200); 0 acks at once. */
    long ackIntervalMillis() default 0;

    /** Whether records, statistics and faults are cleared before each test method. */
    boolean clearBetweenTests() default true;
}
