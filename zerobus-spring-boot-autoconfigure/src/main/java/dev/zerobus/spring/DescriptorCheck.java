package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordType;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses a protobuf record whose message type is not the one of its table's stream before it goes on the wire: the
 * service would end the stream on it, failing every other record in flight. Identical descriptors pass at once;
 * equal ones (same type from another class loader or a dynamic message) are compared once and remembered.
 */
final class DescriptorCheck {

    private static final Map<Descriptor, Map<Descriptor, Boolean>> compatible = new ConcurrentHashMap<>();

    private DescriptorCheck() {}

    static void require(String table, ZerobusRecord record, PooledStream stream, Object reported) {
        if (record.type() != RecordType.PROTO || stream.descriptor == null) {
            return;
        }
        Descriptor actual = record.descriptor();
        Descriptor expected = stream.descriptor;
        if (actual == expected) {
            return;
        }
        boolean same = compatible
                .computeIfAbsent(expected, key -> new ConcurrentHashMap<>())
                .computeIfAbsent(actual, key -> key.toProto().equals(expected.toProto()));
        if (!same) {
            throw new RecordRefusedException(
                    "A " + actual.getFullName() + " message cannot be sent to table " + table + ", whose stream takes "
                            + expected.getFullName() + " messages",
                    table,
                    reported);
        }
    }
}
