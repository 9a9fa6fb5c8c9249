package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.ZerobusSdk;

/** Customizes the auto-configured {@link ZerobusSdk} before it is built. */
@FunctionalInterface
public interface ZerobusSdkCustomizer {

    void customize(ZerobusSdk.Builder builder);
}
