package dev.zerobus.test;

import com.google.protobuf.ByteString;
import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Turns the {@code descriptor_proto} of a PROTO stream (one serialized, self-contained {@code DescriptorProto}) into a
 * {@link Descriptor} by wrapping it into a file of its own with no dependencies.
 */
final class StreamDescriptors {

    private StreamDescriptors() {}

    /** @throws IllegalArgumentException with the reason when the bytes are not a usable, self-contained descriptor */
    static Descriptor build(ByteString bytes) {
        DescriptorProto message;
        try {
            message = DescriptorProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException(
                    "descriptor_proto is not a serialized DescriptorProto: " + e.getMessage());
        }
        if (message.getName().isEmpty()) {
            throw new IllegalArgumentException("descriptor_proto has no message name");
        }
        String packageName = packageOf(message, message);
        try {
            return buildIn(message, packageName, "proto2");
        } catch (DescriptorValidationException proto2Failure) {
            try {
                // A descriptor taken from a proto3 message (e.g. with proto3 optional fields) only builds as proto3.
                return buildIn(message, packageName, "proto3");
            } catch (DescriptorValidationException ignored) {
                throw new IllegalArgumentException("descriptor_proto of " + message.getName()
                        + " is not self-contained or not valid: " + proto2Failure.getMessage());
            }
        }
    }

    private static Descriptor buildIn(DescriptorProto message, String packageName, String syntax)
            throws DescriptorValidationException {
        FileDescriptorProto.Builder file = FileDescriptorProto.newBuilder()
                .setName("zerobus_stream_" + message.getName() + ".proto")
                .setSyntax(syntax)
                .addMessageType(message);
        if (!packageName.isEmpty()) {
            file.setPackage(packageName);
        }
        return FileDescriptor.buildFrom(file.build(), new FileDescriptor[0]).findMessageTypeByName(message.getName());
    }

    /**
     * Fully qualified references to nested types ({@code .pkg.Outer.Inner}) reveal the package the message was declared
     * in; the wrapper file must use the same one for them to resolve.
     */
    private static String packageOf(DescriptorProto root, DescriptorProto current) {
        String marker = "." + root.getName();
        for (FieldDescriptorProto field : current.getFieldList()) {
            String type = field.getTypeName();
            if (!type.startsWith(".")) {
                continue;
            }
            int at = type.equals(marker) || type.startsWith(marker + ".") ? 0 : type.indexOf(marker + ".");
            if (at < 0 && type.endsWith(marker)) {
                at = type.length() - marker.length();
            }
            if (at >= 0) {
                return at == 0 ? "" : type.substring(1, at);
            }
        }
        for (DescriptorProto nested : current.getNestedTypeList()) {
            String found = packageOf(root, nested);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return "";
    }
}
