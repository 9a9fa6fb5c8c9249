package dev.zerobus.benchmarks;

/** The client implementations the harness compares, each driven through its own {@code IngestClient} adapter. */
public enum ClientKind {
    OFFICIAL_SDK(
            "official",
            "official Databricks SDK 1.0.1",
            "dev.zerobus.benchmarks.clients.OfficialSdkClient",
            "com.databricks.zerobus.ZerobusSdk"),
    ZEROBUS_NATIVE(
            "ours",
            "zerobus-native (ours)",
            "dev.zerobus.benchmarks.clients.ZerobusNativeClient",
            "dev.zerobus.client.ZerobusSdk"),
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

    public static ClientKind fromId(String id) {
        for (ClientKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown client '" + id + "'");
    }
}
