package dev.zerobus.test;

import dev.zerobus.test.table.TableSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * An in-process Zerobus Ingest server for tests: the {@code EphemeralStream} gRPC service with the checks of the real
 * service, an OAuth token endpoint, optional TLS, a record store and fault injection.
 *
 * <pre>{@code
 * try (ZerobusTestServer server = ZerobusTestServer.builder().build().start()) {
 *     // point a client at server.endpoint() and server.workspaceUrl() with server.clientId()/clientSecret()
 *     server.awaitRecords("main.default.events", 100, Duration.ofSeconds(10));
 * }
 * }</pre>
 *
 * <p>Tables: {@link Builder#table} declares a table's columns; streams to it then have every record checked with the
 * service's rules (see {@link TableSchema}), and PROTO descriptors checked against the columns at {@code
 * create_stream}. {@link Builder#strictTables} refuses streams to undeclared tables, as the service refuses tables that
 * do not exist. {@link Builder#deltaDirectory} writes each declared table as a Delta Lake table under that directory
 * ({@code <dir>/<catalog>/<schema>/<table>}, needs {@code zerobus-test-delta}); acks then wait for the commit of their
 * rows, so an acked record is in the table, and rows are in ack order.
 *
 * <p>Both listen on 127.0.0.1 only. The workspace id this server accepts in the token request's {@code resource} is
 * {@link #WORKSPACE_ID} or the first DNS label of the endpoint host (for {@code http://127.0.0.1:port} that is
 * {@code 127}, which is what the official SDK derives).
 */
public final class ZerobusTestServer implements AutoCloseable {

    /** The workspace id of this fake workspace. */
    public static final String WORKSPACE_ID = "1234567890123456";

    private static final String HOST = "127.0.0.1";

    private final Builder config;
    private final TlsMaterial tls;
    private final TokenRegistry tokens;
    private final RecordStore store;
    private final TableCatalog tables;
    private final FaultInjector faults;
    private final StreamRegistry registry = new StreamRegistry();
    private final ConnectionTracker connections = new ConnectionTracker();
    private final TokenEndpoint tokenEndpoint;
    private final GrpcEndpoint grpc;
    private final TokenHttpEndpoint http;

    private ScheduledExecutorService timer;
    private ScheduledFuture<?> ackTimer;
    private volatile boolean running;
    private volatile int grpcPort;
    private volatile int httpPort;

    private ZerobusTestServer(Builder config) {
        this.config = config;
        this.tls = config.tls ? TlsMaterial.generate() : null;
        this.tokens = new TokenRegistry(config.tokenTtl, config.clock);
        this.store = new RecordStore(config.benchmarkMode, config.recordKey);
        this.faults = new FaultInjector(new ServerFaultTarget(registry, connections, this::timer));
        TableCommitter committer = config.deltaDirectory == null
                ? null
                : new TableCommitter(config.deltaDirectory, config.tables, config.commitInterval, registry::committed);
        this.tables = new TableCatalog(config.tables, config.strictTables, committer);
        StreamEnvironment env =
                new StreamEnvironment(store, tables, faults, config.ackPolicy, registry, connections, this::timer);
        this.tokenEndpoint = new TokenEndpoint(
                config.clientId,
                config.clientSecret,
                tokens,
                new TokenRequestValidator(Set.of(WORKSPACE_ID, "127", "localhost")),
                faults);
        this.grpc = new GrpcEndpoint(env, new StreamAuthInterceptor(tokens), connections, tls);
        this.http = new TokenHttpEndpoint(tokenEndpoint, tls);
        this.grpcPort = config.port;
        this.httpPort = config.httpPort;
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----

    /** Starts gRPC and the token endpoint (after a {@link #stop()}: on the same ports). Idempotent. */
    public synchronized ZerobusTestServer start() {
        if (running) {
            return this;
        }
        if (tables.committer() != null) {
            try {
                tables.committer().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the Delta tables under " + config.deltaDirectory, e);
            }
        }
        grpcPort = grpc.start(grpcPort);
        try {
            httpPort = http.start(httpPort);
        } catch (RuntimeException e) {
            grpc.stop();
            throw e;
        }
        if (!config.ackPolicy.isImmediate() && ackTimer == null) {
            long period = config.ackPolicy.interval().toNanos();
            ackTimer = timer().scheduleAtFixedRate(registry::flushAcks, period, period, TimeUnit.NANOSECONDS);
        }
        running = true;
        return this;
    }

    /**
     * Stops gRPC and HTTP; open connections are reset. Records, tokens and statistics are kept; with Delta output,
     * every stored row is committed before this returns (also rows whose ack the stop cut off: their client re-sends
     * them, as after any lost ack, so they may appear twice).
     */
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        registry.serverStopped();
        grpc.stop();
        http.stop();
        if (tables.committer() != null) {
            tables.committer().commitNow();
        }
    }

    /** {@link #stop()} then {@link #start()} on the same ports, keeping records and issued tokens. */
    public synchronized ZerobusTestServer restart() {
        stop();
        return start();
    }

    /** Stops the server and its timer. */
    @Override
    public synchronized void close() {
        stop();
        if (tables.committer() != null) {
            tables.committer().close();
        }
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
            ackTimer = null;
        }
    }

    public boolean isRunning() {
        return running;
    }

    // ---- coordinates ----

    /** {@code http://127.0.0.1:<port>} (or {@code https://} with TLS): the Zerobus endpoint. */
    public String endpoint() {
        return scheme() + "://" + HOST + ":" + requirePort(grpcPort);
    }

    /** {@code http://127.0.0.1:<port>} (or {@code https://}): the workspace URL; tokens at {@code /oidc/v1/token}. */
    public String workspaceUrl() {
        return scheme() + "://" + HOST + ":" + requirePort(httpPort);
    }

    /** The gRPC port. */
    public int port() {
        return requirePort(grpcPort);
    }

    /** The port of the token endpoint. */
    public int httpPort() {
        return requirePort(httpPort);
    }

    public String workspaceId() {
        return WORKSPACE_ID;
    }

    public String clientId() {
        return config.clientId;
    }

    /** The OAuth client secret (a secret: do not log it). */
    public String clientSecret() {
        return config.clientSecret;
    }

    public boolean isTls() {
        return tls != null;
    }

    /** The PEM file of the CA that signed the server certificate; {@code null} without TLS. */
    public Path caCertificatePath() {
        return tls == null ? null : tls.caPath();
    }

    /** The CA certificate as PEM; {@code null} without TLS. */
    public String caCertificatePem() {
        return tls == null ? null : tls.caPem();
    }

    /**
     * The connection properties of a Spring application using the starter ({@code zerobus.endpoint},
     * {@code zerobus.workspace-url}, {@code zerobus.client-id}, {@code zerobus.client-secret}), e.g. for
     * {@code @DynamicPropertySource}. Contains the secret: do not log it.
     */
    public Map<String, String> springProperties() {
        Map<String, String> properties = new java.util.LinkedHashMap<>();
        properties.put("zerobus.endpoint", endpoint());
        properties.put("zerobus.workspace-url", workspaceUrl());
        properties.put("zerobus.client-id", clientId());
        properties.put("zerobus.client-secret", clientSecret());
        return properties;
    }

    /** A valid bearer token for {@code table}, as the token endpoint would issue it (not counted as a request). */
    public String issueToken(String table) {
        String problem = TableNames.problem(table);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return tokens.issue(table);
    }

    public FaultInjector faults() {
        return faults;
    }

    // ---- inspection ----

    /** What was made durable for {@code table}, in order (empty in benchmark mode). */
    public List<IngestedRecord> records(String table) {
        return store.records(table);
    }

    /** The declared schema of {@code table}, or null when it is not declared. */
    public TableSchema tableSchema(String table) {
        return tables.schema(table);
    }

    /** The directory of the Delta table of {@code table}; null without {@link Builder#deltaDirectory}. */
    public Path deltaTablePath(String table) {
        return tables.committer() == null ? null : tables.committer().tableDirectory(table);
    }

    /** Waits until at least {@code atLeast} records of {@code table} are stored; IllegalStateException on timeout. */
    public List<IngestedRecord> awaitRecords(String table, int atLeast, Duration timeout) {
        return store.awaitRecords(table, atLeast, timeout);
    }

    /** Like {@link #awaitRecords} but counting only, so it works in benchmark mode too. */
    public long awaitRecordCount(String table, long atLeast, Duration timeout) {
        return store.awaitRecordCount(table, atLeast, timeout);
    }

    /** How many records of {@code table} were stored (also in benchmark mode). */
    public long recordCount(String table) {
        return store.count(table);
    }

    /** Records of {@code table} whose key (see {@link Builder#recordKey}) had been stored before. */
    public long duplicates(String table) {
        return store.duplicates(table);
    }

    /** One snapshot per stream that passed {@code create_stream}, in creation order. */
    public List<StreamStatistics> streams() {
        return registry.statistics();
    }

    /** Token requests answered with a token. */
    public int tokenRequests() {
        return tokenEndpoint.answered();
    }

    /** The form fields of the last token request that authenticated (no secrets are in the form). */
    public Map<String, String> lastTokenRequestForm() {
        return tokenEndpoint.lastForm();
    }

    /** Successful {@code create_stream} requests. */
    public int streamCreations() {
        return registry.creations();
    }

    /** Forgets records, ended streams and counters (open streams stay listed). */
    public void clear() {
        store.clear();
        registry.clear();
        tokenEndpoint.resetCount();
    }

    @Override
    public String toString() {
        return "ZerobusTestServer[" + (running ? endpoint() : "stopped") + ", tls=" + isTls() + ", ackPolicy="
                + config.ackPolicy + ", benchmarkMode=" + config.benchmarkMode + "]";
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    private static int requirePort(int port) {
        if (port == 0) {
            throw new IllegalStateException("the server has not been started");
        }
        return port;
    }

    private synchronized ScheduledExecutorService timer() {
        if (timer == null) {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread thread = new Thread(runnable, "zerobus-test-timer");
                thread.setDaemon(true);
                return thread;
            });
            executor.setRemoveOnCancelPolicy(true);
            timer = executor;
        }
        return timer;
    }

    /** Configures a {@link ZerobusTestServer}; every setting has a default. */
    public static final class Builder {

        private boolean tls;
        private int port;
        private int httpPort;
        private AckPolicy ackPolicy = AckPolicy.immediate();
        private Duration tokenTtl = Duration.ofHours(1);
        private String clientId = "zerobus-test-client-" + randomHex(4);
        private String clientSecret = randomHex(24);
        private boolean benchmarkMode;
        private RecordKeyExtractor recordKey;
        private Clock clock = Clock.systemUTC();
        private final Map<String, TableSchema> tables = new LinkedHashMap<>();
        private boolean strictTables;
        private Path deltaDirectory;
        private Duration commitInterval = Duration.ofMillis(200);

        private Builder() {}

        /**
         * Declares {@code table} (catalog.schema.table) with its columns: streams to it get every record checked
         * against them, as the service checks against the Unity Catalog table. Declaring a table again replaces it.
         */
        public Builder table(String table, TableSchema schema) {
            String problem = TableNames.problem(table);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            tables.put(table, Objects.requireNonNull(schema, "schema"));
            return this;
        }

        /** Refuse streams to undeclared tables with NOT_FOUND, as the service does (default false: accept any). */
        public Builder strictTables(boolean strictTables) {
            this.strictTables = strictTables;
            return this;
        }

        /**
         * Writes every declared table as a Delta Lake table under {@code directory} ({@code
         * <directory>/<catalog>/<schema>/<table>}; an existing table there is appended to). Needs {@code
         * dev.zerobus:zerobus-test-delta} on the class path. Default: none (records are kept in memory only).
         */
        public Builder deltaDirectory(Path directory) {
            this.deltaDirectory = directory;
            return this;
        }

        /**
         * How often queued rows are committed to the Delta tables (default 200 ms, at most 1 s): acks of a stream wait
         * for the commit of its rows, so this is also about the ack latency, like the service's 200 ms.
         */
        public Builder commitInterval(Duration commitInterval) {
            Objects.requireNonNull(commitInterval, "commitInterval");
            if (commitInterval.isNegative()
                    || commitInterval.isZero()
                    || commitInterval.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("commitInterval must be more than 0 and at most 1 s");
            }
            this.commitInterval = commitInterval;
            return this;
        }

        /** Serve gRPC and the token endpoint over TLS with a generated CA (default false). */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** The gRPC port; 0 (default) picks a free one. */
        public Builder port(int port) {
            this.port = requireValidPort(port);
            return this;
        }

        /** The token endpoint's port; 0 (default) picks a free one. */
        public Builder httpPort(int httpPort) {
            this.httpPort = requireValidPort(httpPort);
            return this;
        }

        public Builder ackPolicy(AckPolicy ackPolicy) {
            this.ackPolicy = Objects.requireNonNull(ackPolicy, "ackPolicy");
            return this;
        }

        /** Lifetime of issued tokens ({@code expires_in}); an expired token is refused with UNAUTHENTICATED. */
        public Builder tokenTtl(Duration tokenTtl) {
            Objects.requireNonNull(tokenTtl, "tokenTtl");
            if (tokenTtl.isNegative()) {
                throw new IllegalArgumentException("tokenTtl must not be negative");
            }
            this.tokenTtl = tokenTtl;
            return this;
        }

        /** The OAuth client id (HTTP Basic user name, so without ':'); default: generated. */
        public Builder clientId(String clientId) {
            if (requireText(clientId, "clientId").indexOf(':') >= 0) {
                throw new IllegalArgumentException("clientId must not contain ':'");
            }
            this.clientId = clientId;
            return this;
        }

        /** The OAuth client secret; default: generated. */
        public Builder clientSecret(String clientSecret) {
            this.clientSecret = requireText(clientSecret, "clientSecret");
            return this;
        }

        /**
         * JSON checked by its first byte only, PROTO not parsed, records counted but not stored; declared table schemas
         * are not checked either.
         */
        public Builder benchmarkMode(boolean benchmarkMode) {
            this.benchmarkMode = benchmarkMode;
            return this;
        }

        /** Counts duplicates per table by this key (see {@link StreamStatistics#duplicates()}). */
        public Builder recordKey(RecordKeyExtractor recordKey) {
            this.recordKey = recordKey;
            return this;
        }

        /** The clock that decides token expiry (default: system UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public ZerobusTestServer build() {
            if (deltaDirectory != null) {
                if (benchmarkMode) {
                    throw new IllegalStateException(
                            "benchmark mode checks no records, so it cannot write Delta tables");
                }
                if (tables.isEmpty()) {
                    throw new IllegalStateException(
                            "deltaDirectory is set but no table is declared: only declared tables have a schema to"
                                    + " write (Builder.table)");
                }
                TableCommitter.findProvider("delta"); // fail here, naming the missing module, not at start()
            }
            return new ZerobusTestServer(this);
        }

        private static int requireValidPort(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("not a port: " + port);
            }
            return port;
        }

        private static String requireText(String value, String name) {
            if (value == null || value.isEmpty()) {
                throw new IllegalArgumentException(name + " must not be empty");
            }
            return value;
        }

        private static String randomHex(int bytes) {
            byte[] random = new byte[bytes];
            new SecureRandom().nextBytes(random);
            return HexFormat.of().formatHex(random);
        }
    }
}
