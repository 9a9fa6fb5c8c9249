package dev.zerobus.spring.autoconfigure;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;

/**
 * Native-image hints for the client: the bundled libraries ({@code native/<os>-<arch>/}) as resources, and the classes
 * the JNI shim looks up in {@code JNI_OnLoad} (the exception it throws with its constructor, the headers callback it
 * calls, the bridge whose natives it registers).
 */
class ZerobusRuntimeHints implements RuntimeHintsRegistrar {

    private static final String[] JNI_TYPES = {
        "dev.zerobus.client.ZerobusException",
        "dev.zerobus.client.NativeBridge",
        "dev.zerobus.client.NativeBridge$HeadersCallback",
        "dev.zerobus.client.HeadersProviderCallback",
        "java.lang.Throwable",
        "java.lang.IllegalStateException",
        "java.lang.OutOfMemoryError",
        "java.lang.NullPointerException",
        "byte[]",
        "byte[][]"
    };

    @Override
    public void registerHints(RuntimeHints hints, ClassLoader classLoader) {
        hints.resources().registerPattern("native/*/*");
        for (String type : JNI_TYPES) {
            hints.jni()
                    .registerType(
                            TypeReference.of(type),
                            MemberCategory.INVOKE_DECLARED_CONSTRUCTORS,
                            MemberCategory.INVOKE_DECLARED_METHODS);
        }
        // Per-table proto classes are loaded by name and their getDescriptor() called reflectively; the application
        // registers its own message classes (they are its types), the well-known ones are covered by protobuf.
    }
}
