package dev.zerobus.spring.autoconfigure;

import com.google.protobuf.Descriptors.Descriptor;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.util.ClassUtils;

/** The protobuf descriptors named by {@code zerobus.tables.<table>.proto-message-class}, loaded once per table. */
final class ProtoDescriptors {

    private final ZerobusProperties properties;

    private final Map<String, Descriptor> cache = new ConcurrentHashMap<>();

    ProtoDescriptors(ZerobusProperties properties) {
        this.properties = properties;
    }

    /** The descriptor configured for the table, or {@code null} when none is. */
    Descriptor forTable(String table) {
        ZerobusProperties.Table settings = this.properties.getTables().get(table);
        if (settings == null || settings.getProtoMessageClass() == null) {
            return null;
        }
        return this.cache.computeIfAbsent(table, name -> load(name, settings.getProtoMessageClass()));
    }

    private static Descriptor load(String table, String className) {
        try {
            Class<?> type = ClassUtils.forName(className, ProtoDescriptors.class.getClassLoader());
            Method getDescriptor = type.getMethod("getDescriptor");
            return (Descriptor) getDescriptor.invoke(null);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException ex) {
            throw new IllegalStateException(
                    "zerobus.tables." + table + ".proto-message-class=" + className
                            + " is not a generated protobuf message class",
                    ex);
        }
    }
}
