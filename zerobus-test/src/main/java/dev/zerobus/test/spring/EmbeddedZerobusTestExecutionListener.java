package dev.zerobus.test.spring;

import dev.zerobus.test.ZerobusTestServer;
import org.springframework.core.Ordered;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextAnnotationUtils;
import org.springframework.test.context.TestExecutionListener;

/** Per-test isolation for {@link EmbeddedZerobus}: faults reset and, by default, records cleared before each test. */
class EmbeddedZerobusTestExecutionListener implements TestExecutionListener, Ordered {

    @Override
    public void beforeTestMethod(TestContext testContext) {
        EmbeddedZerobus annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testContext.getTestClass(), EmbeddedZerobus.class);
        if (annotation == null || !testContext.hasApplicationContext()) {
            return;
        }
        ZerobusTestServer server = testContext
                .getApplicationContext()
                .getBean(EmbeddedZerobusContextCustomizer.BEAN_NAME, ZerobusTestServer.class);
        server.faults().reset();
        if (!server.isRunning()) {
            server.restart();
        }
        if (annotation.clearBetweenTests()) {
            server.clear();
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 100;
    }
}
