package dev.zerobus.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

class ZerobusRuntimeHintsTests {

    @Test
    void registeredThroughAotFactoriesWithTheLibraryAndTheJniTypes() throws Exception {
        RuntimeHints hints = new RuntimeHints();
        SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
                .load(RuntimeHintsRegistrar.class)
                .forEach(registrar -> registrar.registerHints(hints, getClass().getClassLoader()));
        assertThat(RuntimeHintsPredicates.resource().forResource("native/linux-x86_64/libzerobus_native.so"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.jni()
                        .onType(Class.forName("dev.zerobus.client.ZerobusException"))
                        .withMemberCategory(org.springframework.aot.hint.MemberCategory.INVOKE_DECLARED_CONSTRUCTORS))
                .accepts(hints);
    }
}
