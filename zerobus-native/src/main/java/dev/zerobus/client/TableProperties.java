package dev.zerobus.client;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.Objects;

/**
 * The target of a stream: a Unity Catalog table ({@code catalog.schema.table}) and how its records are encoded. Create
 * with {@link #json(String)} or one of the {@code proto} factories; the table name is checked at once.
 */
public final class TableProperties {

    private final String tableName;

    private final RecordType recordType;

    private final byte[] descriptorProto;

    private final String messageName;

    private TableProperties(String tableName, RecordType recordType, byte[] descriptorProto, String messageName) {
        this.tableName = tableName;
        this.recordType = recordType;
        this.descriptorProto = descriptorProto;
        this.messageName = messageName;
    }

    /**
     * A table fed with JSON objects.
     *
     * @throws ZerobusException of kind {@code INVALID_TABLE_NAME} unless the name has three non-empty parts
     */
    public static TableProperties json(String tableName) {
        return new TableProperties(validTableName(tableName), RecordType.JSON, null, null);
    }

    /**
     * A table fed with protobuf messages of the given type. The descriptor sent to the service must be self-contained:
     * nested types are part of it already, and message or enum types it references from elsewhere (other top-level
     * messages, other files, well-known types) are folded in as nested types.
     *
     * @throws ZerobusException of kind {@code INVALID_TABLE_NAME} for a bad name
     */
    public static TableProperties proto(String tableName, Descriptor descriptor) {
        String name = validTableName(tableName);
        if (descriptor == null) {
            throw invalidArgument("the protobuf descriptor of table " + name + " is null");
        }
        DescriptorProto selfContained = SelfContainedDescriptor.of(descriptor);
        return new TableProperties(name, RecordType.PROTO, selfContained.toByteArray(), descriptor.getFullName());
    }

    /**
     * A table fed with protobuf messages described by a serialized, self-contained
     * {@code google.protobuf.DescriptorProto} (not a {@code FileDescriptorSet}).
     *
     * @throws ZerobusException of kind {@code INVALID_TABLE_NAME} for a bad name, {@code INVALID_ARGUMENT} when the bytes
     *     are not a {@code DescriptorProto} with a message name
     */
    public static TableProperties proto(String tableName, byte[] descriptorProto) {
        String name = validTableName(tableName);
        if (descriptorProto == null || descriptorProto.length == 0) {
            throw invalidArgument("the descriptor proto of table " + name + " is empty");
        }
        DescriptorProto parsed;
        try {
            parsed = DescriptorProto.parseFrom(descriptorProto);
        } catch (InvalidProtocolBufferException ex) {
            throw new ZerobusException(
                    "the descriptor of table " + name + " is not a serialized google.protobuf.DescriptorProto: "
                            + ex.getMessage(),
                    ZerobusException.Kind.INVALID_ARGUMENT,
                    false,
                    -1,
                    ex);
        }
        if (parsed.getName().isEmpty()) {
            throw invalidArgument("the descriptor proto of table " + name + " has no message name");
        }
        return new TableProperties(name, RecordType.PROTO, descriptorProto.clone(), parsed.getName());
    }

    /** The full table name, {@code catalog.schema.table}. */
    public String tableName() {
        return this.tableName;
    }

    public RecordType recordType() {
        return this.recordType;
    }

    /** The serialized, self-contained {@code DescriptorProto} of a PROTO table (a copy), {@code null} for JSON. */
    public byte[] descriptorProto() {
        return (this.descriptorProto != null) ? this.descriptorProto.clone() : null;
    }

    /** The array handed to the native core, without a defensive copy. */
    byte[] descriptorProtoForNative() {
        return this.descriptorProto;
    }

    /**
     * Checks that a table name splits into exactly three non-empty parts on {@code '.'}.
     *
     * @return the name
     * @throws ZerobusException of kind {@code INVALID_TABLE_NAME}, not retryable
     */
    static String validTableName(String tableName) {
        if (tableName == null) {
            throw new ZerobusException(
                    "table name is null; expected catalog.schema.table",
                    ZerobusException.Kind.INVALID_TABLE_NAME,
                    false);
        }
        String[] parts = tableName.split("\\.", -1);
        boolean valid = parts.length == 3;
        for (String part : parts) {
            valid &= !part.isBlank();
        }
        if (!valid) {
            throw new ZerobusException(
                    "invalid table name '" + tableName + "': expected three non-empty parts, catalog.schema.table",
                    ZerobusException.Kind.INVALID_TABLE_NAME,
                    false);
        }
        return tableName;
    }

    private static ZerobusException invalidArgument(String message) {
        return new ZerobusException(message, ZerobusException.Kind.INVALID_ARGUMENT, false);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof TableProperties that)) {
            return false;
        }
        return this.tableName.equals(that.tableName)
                && this.recordType == that.recordType
                && java.util.Arrays.equals(this.descriptorProto, that.descriptorProto);
    }

    @Override
    public int hashCode() {
        return Objects.hash(this.tableName, this.recordType) * 31 + java.util.Arrays.hashCode(this.descriptorProto);
    }

    @Override
    public String toString() {
        return "TableProperties[" + this.tableName + ", " + this.recordType
                + ((this.messageName != null) ? ", message=" + this.messageName : "") + "]";
    }
}
