package dev.zerobus.spring.autoconfigure;

import dev.zerobus.spring.DefaultRecordConverter;
import dev.zerobus.spring.JsonMapperRecordWriter;
import dev.zerobus.spring.RecordConverter;
import java.lang.reflect.Field;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.PropertyNamingStrategy;
import tools.jackson.databind.json.JsonMapper;

/** The {@link RecordConverter}: JSON through a Zerobus-specific copy of the application's JsonMapper, or plain. */
final class RecordConverterConfigurations {

    private RecordConverterConfigurations() {}

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(JsonMapper.class)
    static class Jackson {

        @Bean
        @ConditionalOnMissingBean
        RecordConverter zerobusRecordConverter(
                ObjectProvider<JsonMapper> jsonMapper, ZerobusProperties properties, TableSettings tableSettings) {
            // A copy: zerobus.json.* must not change how the application's REST API writes JSON.
            JsonMapper.Builder builder =
                    jsonMapper.getIfAvailable(JsonMapper::new).rebuild();
            String strategy = properties.getJson().getPropertyNamingStrategy();
            if (strategy != null) {
                builder.propertyNamingStrategy(namingStrategy(strategy));
            }
            return new DefaultRecordConverter(new JsonMapperRecordWriter(builder.build()), tableSettings::descriptor);
        }

        private static PropertyNamingStrategy namingStrategy(String name) {
            try {
                Field field = PropertyNamingStrategies.class.getField(
                        name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
                return (PropertyNamingStrategy) field.get(null);
            } catch (ReflectiveOperationException | ClassCastException ex) {
                throw new InvalidZerobusConfigurationException(
                        "zerobus.json.property-naming-strategy",
                        "= '" + name + "' is not a constant of Jackson's PropertyNamingStrategies",
                        "Use one of SNAKE_CASE, LOWER_CAMEL_CASE, UPPER_CAMEL_CASE, KEBAB_CASE, LOWER_CASE,"
                                + " LOWER_DOT_CASE, UPPER_SNAKE_CASE.",
                        ex);
            }
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
    static class Plain {

        @Bean
        @ConditionalOnMissingBean
        RecordConverter zerobusRecordConverter(TableSettings tableSettings) {
            return ZerobusAutoConfiguration.plainConverter(tableSettings);
        }
    }
}
