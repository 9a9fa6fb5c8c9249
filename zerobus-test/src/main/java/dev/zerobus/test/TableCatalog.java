package dev.zerobus.test;

import com.google.protobuf.Descriptors.Descriptor;
import dev.zerobus.test.proto.RecordType;
import dev.zerobus.test.table.ProtoSchemas;
import dev.zerobus.test.table.TableSchema;
import io.grpc.Status;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tables this server knows, as Unity Catalog knows them for the service: a stream to a declared table has its
 * records checked against the schema (and a PROTO stream's descriptor against the columns, at {@code create_stream});
 * a stream to an undeclared table is refused with NOT_FOUND in strict mode and accepts any record otherwise.
 */
final class TableCatalog {

    /** Why {@code create_stream} is refused, with the status the service would answer. */
    static final class Refusal extends Exception {
        private final Status.Code code;

        Refusal(Status.Code code, String message) {
            super(message, null, false, false);
            this.code = code;
        }

        Status status() {
            return Status.fromCode(code).withDescription(getMessage());
        }
    }

    private final Map<String, TableSchema> schemas;
    private final boolean strict;
    private final TableCommitter committer;

    TableCatalog(Map<String, TableSchema> schemas, boolean strict, TableCommitter committer) {
        this.schemas = Map.copyOf(schemas);
        this.strict = strict;
        this.committer = committer;
    }

    TableSchema schema(String table) {
        return schemas.get(table);
    }

    /** The committer of the tables' output; null without one. */
    TableCommitter committer() {
        return committer;
    }

    /** The binding of a new stream to {@code table}; null for an undeclared table outside strict mode. */
    TableBinding bind(String table, RecordType type, Descriptor descriptor) throws Refusal {
        TableSchema schema = schemas.get(table);
        if (schema == null) {
            if (strict) {
                throw new Refusal(
                        Status.Code.NOT_FOUND,
                        "table " + table + " does not exist (this test server is strict; it declares "
                                + (schemas.isEmpty() ? "no tables" : String.join(", ", new TreeSet<>(schemas.keySet())))
                                + ")");
            }
            return null;
        }
        ProtoRowReader proto = null;
        if (type == RecordType.PROTO) {
            List<String> problems = ProtoSchemas.problems(descriptor, schema);
            if (!problems.isEmpty()) {
                throw new Refusal(
                        Status.Code.INVALID_ARGUMENT,
                        "descriptor_proto " + descriptor.getName() + " does not match table " + table + ": "
                                + String.join("; ", problems));
            }
            proto = new ProtoRowReader(schema);
        }
        JsonRowReader json = type == RecordType.JSON ? new JsonRowReader(table, schema) : null;
        return new TableBinding(schema, json, proto, committer != null);
    }
}
