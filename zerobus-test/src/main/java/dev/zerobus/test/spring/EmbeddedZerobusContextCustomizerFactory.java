package dev.zerobus.test.spring;

import java.util.List;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.TestContextAnnotationUtils;

/** Registered in {@code META-INF/spring.factories}: a customizer for test classes annotated {@link EmbeddedZerobus}. */
class EmbeddedZerobusContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        EmbeddedZerobus annotation = TestContextAnnotationUtils.findMergedAnnotation(testClass, EmbeddedZerobus.class);
        return (annotation != null) ? new EmbeddedZerobusContextCustomizer(annotation) : null;
    }
}
