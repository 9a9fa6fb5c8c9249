package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ZerobusRuntimeHintsTests {

    @Test
    void registeredThroughAotFactoriesWithTheLibraryAndTheJniTypes() {
        RuntimeHints hints = new RuntimeHints();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)
                .forEach(registrar -> registrar.registerHints(hints, getClass().getClassLoader()));
        assertThat(RuntimeHintsPredicates.resource().forResource("native/linux-x86_64/libzerobus_native.so"))
                .accepts(hints);
        org.springframework.aot.hint.TypeHint exception = hints.jni()
                .getTypeHint(org.springframework.aot.hint.TypeReference.of("dev.zerobus.client.ZerobusException"));
        assertThat(exception).isNotNull();
        assertThat(exception.getMemberCategories())
                .contains(org.springframework.aot.hint.MemberCategory.INVOKE_DECLARED_CONSTRUCTORS);
    }
}
