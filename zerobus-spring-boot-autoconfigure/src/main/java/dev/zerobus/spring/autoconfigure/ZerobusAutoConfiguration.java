package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.TableProperties;
import dev.zerobus.client.ZerobusException;
import dev.zerobus.client.ZerobusSdk;
import dev.zerobus.spring.CompositeIngestListener;
import dev.zerobus.spring.DefaultRecordConverter;
import dev.zerobus.spring.IngestListener;
import dev.zerobus.spring.RecordConverter;
import dev.zerobus.spring.SendObserver;
import dev.zerobus.spring.UndeliveredRecordsHandler;
import dev.zerobus.spring.ZerobusOperations;
import dev.zerobus.spring.ZerobusPoolSettings;
import dev.zerobus.spring.ZerobusSendListener;
import dev.zerobus.spring.ZerobusStreamFactory;
import dev.zerobus.spring.ZerobusStreamPool;
import dev.zerobus.spring.ZerobusTemplate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration for Zerobus Ingest: the {@link ZerobusSdk}, the pool of streams, record conversion and the
 * {@link ZerobusTemplate}. Connection settings are checked here, at start-up, not on the first send.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
            "org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration"
        })
@ConditionalOnClass(ZerobusSdk.class)
@EnableConfigurationProperties(ZerobusProperties.class)
@Import({RecordConverterConfigurations.Jackson.class, RecordConverterConfigurations.Plain.class})
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
            ObjectProvider<SslBundles> sslBundles,
            ObjectProvider<ZerobusSdkCustomizer> customizers) {
        String endpoint = ConnectionSettings.url(
                connectionDetails.getEndpoint(),
                "zerobus.endpoint",
                "the Zerobus endpoint, e.g. https://<workspace-id>.zerobus.<region>.cloud.databricks.com");
        String workspaceUrl = ConnectionSettings.url(
                connectionDetails.getWorkspaceUrl(),
                "zerobus.workspace-url",
                "the workspace URL, e.g. https://<workspace>.cloud.databricks.com");
        ZerobusSdk.Builder builder = ZerobusSdk.builder().endpoint(endpoint).workspaceUrl(workspaceUrl);
        if (properties.getCaCertificate() != null) {
            builder.caCertificate(properties.getCaCertificate());
        }
        if (properties.getSsl().getBundle() != null) {
            SslBundles bundles = sslBundles.getIfAvailable();
            if (bundles == null) {
                throw new InvalidZerobusConfigurationException(
                        "zerobus.ssl.bundle",
                        "is set but no SSL bundles are configured",
                        "Define it under spring.ssl.bundle.",
                        null);
            }
            builder.caCertificate(SslBundleTrust.pemFile(properties.getSsl().getBundle(), bundles));
        }
        customizers.orderedStream().forEach(customizer -> customizer.customize(builder));
        try {
            return builder.build();
        } catch (ZerobusException ex) {
            throw new InvalidZerobusConfigurationException(
                    "zerobus.endpoint / zerobus.workspace-url",
                    "cannot be used: " + ex.getMessage(),
                    "Check zerobus.endpoint, zerobus.workspace-url, zerobus.ca-certificate and zerobus.ssl.bundle.",
                    ex);
        }
    }

    @Bean
    @ConditionalOnMissingBean
    TableSettings zerobusTableSettings(ZerobusProperties properties, Environment environment) {
        return new TableSettings(properties, environment);
    }

    @Bean
    @ConditionalOnMissingBean
    ZerobusStreamFactory zerobusStreamFactory(
            ZerobusSdk sdk,
            ZerobusConnectionDetails connectionDetails,
            ZerobusProperties properties,
            TableSettings tableSettings,
            ObjectProvider<StreamConfigurationCustomizer> customizers) {
        String clientId = ConnectionSettings.required(
                connectionDetails.getClientId(), "zerobus.client-id", "the service principal's OAuth client id");
        String clientSecret = ConnectionSettings.required(
                connectionDetails.getClientSecret(), "zerobus.client-secret", "the service principal's OAuth secret");
        StreamOptionsResolver options = new StreamOptionsResolver(
                properties, tableSettings.tables(), customizers.orderedStream().toList());
        return (TableProperties table) ->
                sdk.createStreamAsync(table, clientId, clientSecret, options.resolve(table.tableName()));
    }

    @Bean
    @ConditionalOnMissingBean
    ZerobusStreamPool zerobusStreamPool(
            ZerobusStreamFactory streamFactory,
            ZerobusProperties properties,
            TableSettings tableSettings,
            ObjectProvider<UndeliveredRecordsHandler> undeliveredHandler) {
        ZerobusProperties.Pool pool = properties.getPool();
        ZerobusPoolSettings settings = new ZerobusPoolSettings(
                properties.getTemplate().getMaxBlock(),
                pool.getMaxTables(),
                pool.getIdleTimeout(),
                tableSettings.eagerTables(),
                pool.isFailFast(),
                pool.getStartupTimeout(),
                properties.getShutdown().getFlushTimeout());
        ZerobusStreamPool streamPool = new ZerobusStreamPool(streamFactory, tableSettings::options, settings);
        undeliveredHandler.ifAvailable(streamPool::setUndeliveredRecordsHandler);
        return streamPool;
    }

    @Bean
    @ConditionalOnMissingBean(ZerobusOperations.class)
    ZerobusTemplate zerobusTemplate(
            ZerobusStreamPool pool,
            RecordConverter recordConverter,
            ZerobusProperties properties,
            ObjectProvider<IngestListener> listeners,
            ObjectProvider<ZerobusSendListener> sendListener,
            ObjectProvider<SendObserver> sendObserver) {
        ZerobusTemplate template = new ZerobusTemplate(
                pool,
                recordConverter,
                properties.getDefaultTable(),
                CompositeIngestListener.of(listeners.orderedStream().toList()));
        sendListener.ifUnique(template::setSendListener);
        sendObserver.ifUnique(template::setSendObserver);
        template.setSendTimeout(properties.getTemplate().getSendTimeout());
        return template;
    }

    /** The default conversion without Jackson: strings, protobuf messages and bytes. */
    static DefaultRecordConverter plainConverter(TableSettings tableSettings) {
        return new DefaultRecordConverter(null, tableSettings::descriptor);
    }
}
