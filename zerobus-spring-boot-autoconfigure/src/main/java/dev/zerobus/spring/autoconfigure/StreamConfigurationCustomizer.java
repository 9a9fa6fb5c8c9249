package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.StreamConfigurationOptions;

/** Customizes the stream options of a table after the properties are applied. */
@FunctionalInterface
public interface StreamConfigurationCustomizer {

    void customize(String table, StreamConfigurationOptions.Builder builder);
}
