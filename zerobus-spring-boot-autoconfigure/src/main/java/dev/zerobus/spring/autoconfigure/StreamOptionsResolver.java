package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.StreamConfigurationOptions;
import java.util.List;
import org.springframework.boot.context.properties.PropertyMapper;

/**
 * The stream options of a table: the client's defaults, {@code zerobus.template.max-block} as max-block, then
 * {@code zerobus.stream.*}, then
 * {@code zerobus.tables.<table>.stream.*}, then the {@link StreamConfigurationCustomizer}s.
 */
final class StreamOptionsResolver {

    private final ZerobusProperties properties;

    private final java.util.Map<String, ZerobusProperties.Table> tables;

    private final List<StreamConfigurationCustomizer> customizers;

    StreamOptionsResolver(
            ZerobusProperties properties,
            java.util.Map<String, ZerobusProperties.Table> tables,
            List<StreamConfigurationCustomizer> customizers) {
        this.properties = properties;
        this.tables = tables;
        this.customizers = customizers;
    }

    StreamConfigurationOptions resolve(String table) {
        StreamConfigurationOptions.Builder builder = StreamConfigurationOptions.builder();
        // A send must not wait longer for room in the window than the template promises.
        builder.maxBlock(this.properties.getTemplate().getMaxBlock());
        builder.maxInflightRecords(ZerobusProperties.Stream.DEFAULT_MAX_INFLIGHT_RECORDS);
        apply(this.properties.getStream(), builder);
        ZerobusProperties.Table tableProperties = this.tables.get(table);
        if (tableProperties != null) {
            apply(tableProperties.getStream(), builder);
        }
        this.customizers.forEach(customizer -> customizer.customize(table, builder));
        return builder.build();
    }

    private static void apply(ZerobusProperties.Stream stream, StreamConfigurationOptions.Builder builder) {
        PropertyMapper map = PropertyMapper.get();
        map.from(stream::getMaxInflightRequests).to(builder::maxInflightRequests);
        map.from(stream::getMaxInflightRecords).to(builder::maxInflightRecords);
        map.from(stream::getMaxInflightBytes).as(size -> size.toBytes()).to(builder::maxInflightBytes);
        map.from(stream::getMaxRequestRecords).to(builder::maxRequestRecords);
        map.from(stream::getMaxRequestBytes)
                .as(size -> (int) Math.min(Integer.MAX_VALUE, size.toBytes()))
                .to(builder::maxRequestBytes);
        map.from(stream::getLinger).to(builder::linger);
        map.from(stream::getRecovery).to(builder::recovery);
        map.from(stream::getRecoveryTimeout).to(builder::recoveryTimeout);
        map.from(stream::getRecoveryBackoff).to(builder::recoveryBackoff);
        map.from(stream::getRecoveryRetries).to(builder::recoveryRetries);
        map.from(stream::getFlushTimeout).to(builder::flushTimeout);
        map.from(stream::getServerLackOfAckTimeout).to(builder::serverLackOfAckTimeout);
        map.from(stream::getCloseSignalMaxPause).to(builder::closeSignalMaxPause);
        map.from(stream::getKeepAliveInterval).to(builder::keepAliveInterval);
        map.from(stream::getKeepAliveTimeout).to(builder::keepAliveTimeout);
    }
}
