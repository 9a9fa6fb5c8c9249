package dev.zerobus.spring;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.client.RecordType;
import java.util.Objects;

/**
 * A record converted for the wire: JSON text, or protobuf bytes with the descriptor of their message type.
 *
 * @param type JSON or PROTO
 * @param json the JSON object, for JSON records
 * @param proto the encoded message, for PROTO records
 * @param descriptor the message type, for PROTO records
 */
public record ZerobusRecord(RecordType type, String json, byte[] proto, Descriptor descriptor) {

    public ZerobusRecord {
        Objects.requireNonNull(type, "type");
        if (type == RecordType.JSON) {
            Objects.requireNonNull(json, "json");
        } else {
            Objects.requireNonNull(proto, "proto");
            Objects.requireNonNull(descriptor, "descriptor");
        }
    }

    public static ZerobusRecord json(String json) {
        return new ZerobusRecord(RecordType.JSON, json, null, null);
    }

    public static ZerobusRecord proto(byte[] proto, Descriptor descriptor) {
        return new ZerobusRecord(RecordType.PROTO, null, proto, descriptor);
    }

    /** The payload size in bytes (UTF-8 for JSON), counted without encoding. */
    public long size() {
        if (this.type != RecordType.JSON) {
            return this.proto.length;
        }
        String text = this.json;
        int length = text.length();
        long bytes = length;
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                // 2 bytes below U+0800 and per surrogate (a pair is 4), else 3
                bytes += (c < 0x800 || Character.isSurrogate(c)) ? 1 : 2;
            }
        }
        return bytes;
    }

    @Override
    public String toString() {
        return (this.type == RecordType.JSON)
                ? "ZerobusRecord[JSON, " + this.json.length() + " chars]"
                : "ZerobusRecord[PROTO " + this.descriptor.getFullName() + ", " + this.proto.length + " bytes]";
    }
}
