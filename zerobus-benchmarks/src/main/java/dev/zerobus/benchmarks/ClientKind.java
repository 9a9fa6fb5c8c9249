package dev.zerobus.benchmarks;

/** The client implementations the harness compares, each driven through its own {@code IngestClient} adapter. */
public enum ClientKind {
    OFFICIAL_SDK(
            "official",
            "official SDK 1.0.1, JSON",
            "dev.zerobus.benchmarks.clients.OfficialSdkClient",
            "com.databricks.zerobus.ZerobusSdk"),
    OFFICIAL_SDK_PROTO(
            "official-proto",
            "official SDK 1.0.1, protobuf",
            "dev.zerobus.benchmarks.clients.OfficialSdkClient",
            "com.databricks.zerobus.ZerobusSdk"),
    ZEROBUS_NATIVE(
            "ours",
            "ours: ZerobusStream, JSON",
            "dev.zerobus.benchmarks.clients.ZerobusNativeClient",
            "dev.zerobus.client.ZerobusSdk"),
    TEMPLATE_STRING(
            "template-string",
            "ours: ZerobusTemplate, String",
            "dev.zerobus.benchmarks.clients.TemplateClient",
            "dev.zerobus.spring.ZerobusTemplate"),
    TEMPLATE_POJO(
            "template-pojo",
            "ours: ZerobusTemplate, POJO → JSON",
            "dev.zerobus.benchmarks.clients.TemplateClient",
            "dev.zerobus.spring.ZerobusTemplate"),
    TEMPLATE_PROTO(
            "template-proto",
            "ours: ZerobusTemplate, protobuf Message",
            "dev.zerobus.benchmarks.clients.TemplateClient",
            "dev.zerobus.spring.ZerobusTemplate"),
    GRPC_JAVA(
            "grpc-java",
            "plain grpc-java (ceiling)",
            "dev.zerobus.benchmarks.clients.GrpcJavaClient",
            "dev.zerobus.test.proto.ZerobusGrpc");

    private final String id;
    private final String label;
    private final String adapterClassName;
    private final String libraryClassName;

    ClientKind(String id, String label, String adapterClassName, String libraryClassName) {
        this.id = id;
        this.label = label;
        this.adapterClassName = adapterClassName;
        this.libraryClassName = libraryClassName;
    }

    public String id() {
        return id;
    }

    public String label() {
        return label;
    }

    /**
     * The adapter is looked up by name so that the harness still runs the other variants when a client (or the
     * library it wraps) is missing from the classpath.
     */
    public String adapterClassName() {
        return adapterClassName;
    }

    /** Whether both the adapter and the client library it drives are on the classpath. */
    public boolean isAvailable() {
        ClassLoader loader = ClientKind.class.getClassLoader();
        try {
            Class.forName(adapterClassName, false, loader);
            Class.forName(libraryClassName, false, loader);
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether records go out as protobuf (the official SDK's proto stream, the template's Message). */
    public boolean isProto() {
        return this == OFFICIAL_SDK_PROTO || this == TEMPLATE_PROTO;
    }

    /** The grpc-java ceiling drives one stream from one thread; the others are safe for concurrent producers. */
    public boolean supportsConcurrency() {
        return this != GRPC_JAVA;
    }

    /** The official SDK's client of the same record format: the baseline of every row. */
    public ClientKind officialCounterpart() {
        return isProto() ? OFFICIAL_SDK_PROTO : OFFICIAL_SDK;
    }

    public static ClientKind fromId(String id) {
        for (ClientKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client '" + id + "'");
    }
}
