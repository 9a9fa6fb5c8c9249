package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.spring.CompositeIngestListener;
import dev.zerobus.spring.DefaultRecordConverter;
import dev.zerobus.spring.IngestListener;
import dev.zerobus.spring.JsonMapperRecordWriter;
import dev.zerobus.spring.RecordConverter;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusStreamFactory;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.spring.ZerobusTemplate;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * Auto-configuration for Zerobus Ingest: the {@link ZerobusSdk}, a pool of one stream per table, record conversion and
 * the {@link ZerobusTemplate}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration")
@ConditionalOnClass(ZerobusSdk.class)
@EnableConfigurationProperties(ZerobusProperties.class)
public final class ZerobusAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(ZerobusConnectionDetails.class)
    PropertiesZerobusConnectionDetails zerobusConnectionDetails(ZerobusProperties properties) {
        return new PropertiesZerobusConnectionDetails(properties);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    ZerobusSdk zerobusSdk(
            ZerobusConnectionDetails connectionDetails,
            ZerobusProperties properties,
            ObjectProvider<ZerobusSdkCustomizer> customizers) {
        ZerobusSdk.Builder builder = ZerobusSdk.builder()
                .endpoint(required(connectionDetails.getEndpoint(), "zerobus.endpoint"))
                .workspaceUrl(required(connectionDetails.getWorkspaceUrl(), "zerobus.workspace-url"));
        if (properties.getCaCertificate() != null) {
            builder.caCertificate(properties.getCaCertificate());
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        return builder.build();
    }

    @Bean
    @ConditionalOnMissingBean
    ZerobusStreamFactory zerobusStreamFactory(
            ZerobusSdk sdk,
            ZerobusConnectionDetails connectionDetails,
            ZerobusProperties properties,
            ObjectProvider<StreamConfigurationCustomizer> customizers) {
        StreamOptionsResolver options = new StreamOptionsResolver(
                properties, customizers.orderedStream().toList());
        return table -> sdk.createStream(
                table,
                required(connectionDetails.getClientId(), "zerobus.client-id"),
                required(connectionDetails.getClientSecret(), "zerobus.client-secret"),
                options.resolve(table.tableName()));
    }

    @Bean
    @ConditionalOnMissingBean
    ZerobusStreamPool zerobusStreamPool(ZerobusStreamFactory streamFactory, ZerobusProperties properties) {
        return new ZerobusStreamPool(
                streamFactory,
                properties.getPool().getMaxStreams(),
                properties.getShutdown().getFlushTimeout());
    }

    @Bean
    @ConditionalOnMissingBean(ZerobusOperations.class)
    ZerobusTemplate zerobusTemplate(
            ZerobusStreamPool pool,
            RecordConverter recordConverter,
            ZerobusProperties properties,
            ObjectProvider<IngestListener> listeners) {
        List<IngestListener> all = listeners.orderedStream().toList();
        return new ZerobusTemplate(
                pool, recordConverter, properties.getDefaultTable(), CompositeIngestListener.of(all));
    }

    private static String required(String value, String property) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("Zerobus is not configured: set " + property
                    + " (or zerobus.embedded.enabled=true with zerobus-test on the classpath)");
        }
        return value;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class JacksonRecordConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RecordConverter zerobusRecordConverter(ObjectProvider<JsonMapper> jsonMapper, ZerobusProperties properties) {
            JsonMapperRecordWriter jsonWriter = new JsonMapperRecordWriter(jsonMapper.getIfAvailable(JsonMapper::new));
            return new DefaultRecordConverter(jsonWriter, new ProtoDescriptors(properties)::forTable);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    static class PlainRecordConverterConfiguration {

        @Bean
        @ConditionalOnMissingBean
        RecordConverter zerobusRecordConverter(ZerobusProperties properties) {
            return new DefaultRecordConverter(null, new ProtoDescriptors(properties)::forTable);
        }
    }
}
