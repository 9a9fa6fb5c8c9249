package dev.zerobus.client;

import com.google.protobuf.DescriptorProtos.DescriptorProto;
import com.google.protobuf.DescriptorProtos.FieldDescriptorProto;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a message {@link Descriptor} into the one self-contained {@code DescriptorProto} the service expects.
 *
 * <p>{@code Descriptor.toProto()} already carries the nested types, but a field may reference a message or enum
 * declared elsewhere (another top-level message, another file, a well-known type such as {@code Timestamp}); the
 * service cannot resolve those. Each such type is copied in as a nested type of the root (under its simple name, made
 * unique) and every reference is rewritten to a fully qualified name under the root, {@code .<root full name>.<name>}.
 * References to the root's own nested types are written fully qualified as well, so the result does not depend on how
 * the original file spelled them.
 */
final class SelfContainedDescriptor {

    private final Descriptor root;

    /** Full name of every folded type (and of the types nested in a folded message) to its new reference. */
    private final Map<String, String> folded = new HashMap<>();

    private final Set<String> usedNestedNames = new HashSet<>();

    private final List<Descriptor> foldedMessages = new ArrayList<>();

    private final List<String> foldedMessageNames = new ArrayList<>();

    private final List<EnumDescriptor> foldedEnums = new ArrayList<>();

    private final List<String> foldedEnumNames = new ArrayList<>();

    private SelfContainedDescriptor(Descriptor root) {
        this.root = root;
        root.getNestedTypes().forEach((nested) -> this.usedNestedNames.add(nested.getName()));
        root.getEnumTypes().forEach((nested) -> this.usedNestedNames.add(nested.getName()));
    }

    static DescriptorProto of(Descriptor root) {
        SelfContainedDescriptor folding = new SelfContainedDescriptor(root);
        folding.collectForeignTypes();
        return folding.build();
    }

    /** Finds every type reachable from the root that is not declared inside it, and gives it a nested name. */
    private void collectForeignTypes() {
        scan(this.root);
        // Folded messages may reference further foreign types: scan each (the list grows) until nothing new turns up.
        for (int i = 0; i < this.foldedMessages.size(); i++) {
            scan(this.foldedMessages.get(i));
        }
    }

    private void scan(Descriptor start) {
        Deque<Descriptor> toScan = new ArrayDeque<>();
        toScan.add(start);
        while (!toScan.isEmpty()) {
            Descriptor message = toScan.poll();
            for (FieldDescriptor field : message.getFields()) {
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    foldIfForeign(field.getMessageType());
                } else if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                    foldIfForeign(field.getEnumType());
                }
            }
            toScan.addAll(message.getNestedTypes());
        }
    }

    private void foldIfForeign(Descriptor type) {
        if (!isInsideRoot(type) && !this.folded.containsKey(type.getFullName())) {
            String name = uniqueName(type.getName());
            this.foldedMessages.add(type);
            this.foldedMessageNames.add(name);
            registerFolded(type, "." + this.root.getFullName() + "." + name);
        }
    }

    private void foldIfForeign(EnumDescriptor type) {
        if (!isInsideRoot(type.getContainingType()) && !this.folded.containsKey(type.getFullName())) {
            String name = uniqueName(type.getName());
            this.foldedEnums.add(type);
            this.foldedEnumNames.add(name);
            this.folded.put(type.getFullName(), "." + this.root.getFullName() + "." + name);
        }
    }

    /** A folded message brings its own nested types along; they are reachable under its new name. */
    private void registerFolded(Descriptor type, String reference) {
        this.folded.putIfAbsent(type.getFullName(), reference);
        for (Descriptor nested : type.getNestedTypes()) {
            registerFolded(nested, reference + "." + nested.getName());
        }
        for (EnumDescriptor nested : type.getEnumTypes()) {
            this.folded.putIfAbsent(nested.getFullName(), reference + "." + nested.getName());
        }
    }

    private DescriptorProto build() {
        DescriptorProto.Builder result = rewrite(this.root, this.root.getName());
        for (int i = 0; i < this.foldedMessages.size(); i++) {
            result.addNestedType(rewrite(this.foldedMessages.get(i), this.foldedMessageNames.get(i)));
        }
        for (int i = 0; i < this.foldedEnums.size(); i++) {
            result.addEnumType(this.foldedEnums.get(i).toProto().toBuilder().setName(this.foldedEnumNames.get(i)));
        }
        return result.build();
    }

    /** The message's proto under a new name, with every type reference fully qualified and resolvable. */
    private DescriptorProto.Builder rewrite(Descriptor message, String name) {
        DescriptorProto.Builder proto = message.toProto().toBuilder().setName(name);
        List<FieldDescriptor> fields = message.getFields();
        for (int i = 0; i < fields.size(); i++) {
            FieldDescriptor field = fields.get(i);
            FieldDescriptorProto.Builder fieldProto = proto.getFieldBuilder(i);
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                fieldProto.setTypeName(reference(field.getMessageType().getFullName()));
            } else if (field.getJavaType() == FieldDescriptor.JavaType.ENUM) {
                fieldProto.setTypeName(reference(field.getEnumType().getFullName()));
            }
        }
        List<Descriptor> nestedTypes = message.getNestedTypes();
        for (int i = 0; i < nestedTypes.size(); i++) {
            Descriptor nested = nestedTypes.get(i);
            proto.setNestedType(i, rewrite(nested, nested.getName()));
        }
        return proto;
    }

    private String reference(String fullName) {
        String foldedReference = this.folded.get(fullName);
        return (foldedReference != null) ? foldedReference : "." + fullName;
    }

    private boolean isInsideRoot(Descriptor type) {
        for (Descriptor current = type; current != null; current = current.getContainingType()) {
            if (current == this.root || current.getFullName().equals(this.root.getFullName())) {
                return true;
            }
        }
        return false;
    }

    private String uniqueName(String simpleName) {
        String name = simpleName;
        for (int suffix = 2; !this.usedNestedNames.add(name); suffix++) {
            name = simpleName + "_" + suffix;
        }
        return name;
    }
}
