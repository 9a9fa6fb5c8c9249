package dev.zerobus.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties for Zerobus Ingest. Validated when bound (Boot applies a properties type that is a
 * {@link Validator} to itself), so that a bad limit fails start-up naming its property instead of the first send.
 */
@ConfigurationProperties("zerobus")
public class ZerobusProperties implements Validator {

    /**
     * Zerobus endpoint, for example 'https://<workspace-id>.zerobus.<region>.cloud.databricks.com'. 'http://' means
     * plaintext (local servers only); an endpoint without a scheme gets 'https://'.
     */
    private String endpoint;

    /** Workspace URL, whose '/oidc/v1/token' issues OAuth tokens for the service principal. */
    private String workspaceUrl;

    /** OAuth client id (application id) of the service principal. */
    private String clientId;

    /** OAuth client secret of the service principal. Never logged. */
    private String clientSecret;

    /** Table of ZerobusTemplate.send(record), as 'catalog.schema.table'. */
    private String defaultTable;

    /** PEM file of CA certificates to trust besides the system trust store. */
    private Path caCertificate;

    private final Ssl ssl = new Ssl();

    private final Template template = new Template();

    private final Json json = new Json();

    /** Stream settings of every table, unless overridden under 'zerobus.tables.<name>.stream'. */
    private final Stream stream = new Stream();

    /**
     * Per-table settings, keyed by 'catalog.schema.table': 'zerobus.tables.main.iot.readings.streams=2' or, equally,
     * 'zerobus.tables[main.iot.readings].streams=2'.
     */
    private final Map<String, Table> tables = new LinkedHashMap<>();

    private final Pool pool = new Pool();

    private final Shutdown shutdown = new Shutdown();

    private final Embedded embedded = new Embedded();

    public String getEndpoint() {
        return this.endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getWorkspaceUrl() {
        return this.workspaceUrl;
    }

    public void setWorkspaceUrl(String workspaceUrl) {
        this.workspaceUrl = workspaceUrl;
    }

    public String getClientId() {
        return this.clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = clientId;
    }

    public String getClientSecret() {
        return this.clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = clientSecret;
    }

    public String getDefaultTable() {
        return this.defaultTable;
    }

    public void setDefaultTable(String defaultTable) {
        this.defaultTable = defaultTable;
    }

    public Path getCaCertificate() {
        return this.caCertificate;
    }

    public void setCaCertificate(Path caCertificate) {
        this.caCertificate = caCertificate;
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    public Template getTemplate() {
        return this.template;
    }

    public Json getJson() {
        return this.json;
    }

    public Stream getStream() {
        return this.stream;
    }

    public Map<String, Table> getTables() {
        return this.tables;
    }

    public Pool getPool() {
        return this.pool;
    }

    public Shutdown getShutdown() {
        return this.shutdown;
    }

    public Embedded getEmbedded() {
        return this.embedded;
    }

    /** Stream options; an unset value keeps the client's default (see StreamConfigurationOptions). */
    public static class Stream {

        /** The starter's default of {@code max-inflight-records}; see there. */
        public static final int DEFAULT_MAX_INFLIGHT_RECORDS = 100_000;

        /**
         * Requests sent and not yet acknowledged, per stream (a batch or a group of coalesced records is one request).
         * Reaching it does not block the sender: records wait in the stream and single records are coalesced.
         */
        private Integer maxInflightRequests;

        /**
         * Records held (ingested and not yet acknowledged), per stream; a full stream blocks the sender. The starter's
         * default, 100,000, is lower than the client's 1,000,000 because each record in flight also holds a future and
         * its bookkeeping on the heap (about 300 bytes); it still carries 500,000 records/s per stream at the service's
         * 200 ms ack pace, several times what the service accepts per stream.
         */
        private Integer maxInflightRecords;

        /** Payload bytes held (ingested and not yet acknowledged), per stream; a full stream blocks the sender. */
        private DataSize maxInflightBytes;

        /** Most single records coalesced into one request. */
        private Integer maxRequestRecords;

        /** Most payload bytes of single records coalesced into one request (at most 10MB). */
        private DataSize maxRequestBytes;

        /**
         * How long a single record may wait for others to share its request; 0 (the default) sends every record at once
         * and coalesces only records that wait anyway. A positive linger adds up to its duration to each ack.
         */
        private Duration linger;

        /** Whether a broken stream reconnects and re-sends its unacknowledged records. */
        private Boolean recovery;

        /** Bound on each recovery attempt. */
        private Duration recoveryTimeout;

        /** Base delay between recovery attempts (grows exponentially, with jitter). */
        private Duration recoveryBackoff;

        /** Recovery attempts after a failure before the stream fails for good. */
        private Integer recoveryRetries;

        /** Bound on a flush: the wait until everything sent is acknowledged. */
        private Duration flushTimeout;

        /** A stream with requests in flight and no acknowledgement progress for this long is treated as broken. */
        private Duration serverLackOfAckTimeout;

        /** Longest pause after the server's close signal before reconnecting; unset uses the server's duration. */
        private Duration closeSignalMaxPause;

        /** Interval of HTTP/2 keepalive pings that find a dead connection. */
        private Duration keepAliveInterval;

        /** How long a keepalive ping may go unanswered before the connection is treated as dead. */
        private Duration keepAliveTimeout;

        public Duration getKeepAliveInterval() {
            return this.keepAliveInterval;
        }

        public void setKeepAliveInterval(Duration keepAliveInterval) {
            this.keepAliveInterval = keepAliveInterval;
        }

        public Duration getKeepAliveTimeout() {
            return this.keepAliveTimeout;
        }

        public void setKeepAliveTimeout(Duration keepAliveTimeout) {
            this.keepAliveTimeout = keepAliveTimeout;
        }

        public Integer getMaxInflightRequests() {
            return this.maxInflightRequests;
        }

        public void setMaxInflightRequests(Integer maxInflightRequests) {
            this.maxInflightRequests = maxInflightRequests;
        }

        public Integer getMaxInflightRecords() {
            return this.maxInflightRecords;
        }

        public void setMaxInflightRecords(Integer maxInflightRecords) {
            this.maxInflightRecords = maxInflightRecords;
        }

        public Integer getMaxRequestRecords() {
            return this.maxRequestRecords;
        }

        public void setMaxRequestRecords(Integer maxRequestRecords) {
            this.maxRequestRecords = maxRequestRecords;
        }

        public DataSize getMaxRequestBytes() {
            return this.maxRequestBytes;
        }

        public void setMaxRequestBytes(DataSize maxRequestBytes) {
            this.maxRequestBytes = maxRequestBytes;
        }

        public Duration getLinger() {
            return this.linger;
        }

        public void setLinger(Duration linger) {
            this.linger = linger;
        }

        public DataSize getMaxInflightBytes() {
            return this.maxInflightBytes;
        }

        public void setMaxInflightBytes(DataSize maxInflightBytes) {
            this.maxInflightBytes = maxInflightBytes;
        }

        public Boolean getRecovery() {
            return this.recovery;
        }

        public void setRecovery(Boolean recovery) {
            this.recovery = recovery;
        }

        public Duration getRecoveryTimeout() {
            return this.recoveryTimeout;
        }

        public void setRecoveryTimeout(Duration recoveryTimeout) {
            this.recoveryTimeout = recoveryTimeout;
        }

        public Duration getRecoveryBackoff() {
            return this.recoveryBackoff;
        }

        public void setRecoveryBackoff(Duration recoveryBackoff) {
            this.recoveryBackoff = recoveryBackoff;
        }

        public Integer getRecoveryRetries() {
            return this.recoveryRetries;
        }

        public void setRecoveryRetries(Integer recoveryRetries) {
            this.recoveryRetries = recoveryRetries;
        }

        public Duration getFlushTimeout() {
            return this.flushTimeout;
        }

        public void setFlushTimeout(Duration flushTimeout) {
            this.flushTimeout = flushTimeout;
        }

        public Duration getServerLackOfAckTimeout() {
            return this.serverLackOfAckTimeout;
        }

        public void setServerLackOfAckTimeout(Duration serverLackOfAckTimeout) {
            this.serverLackOfAckTimeout = serverLackOfAckTimeout;
        }

        public Duration getCloseSignalMaxPause() {
            return this.closeSignalMaxPause;
        }

        public void setCloseSignalMaxPause(Duration closeSignalMaxPause) {
            this.closeSignalMaxPause = closeSignalMaxPause;
        }
    }

    /** Settings of one table. */
    public static class Table {

        /**
         * Generated protobuf message class whose descriptor describes the table's rows, needed to send byte[] records.
         */
        private String protoMessageClass;

        /** Streams kept open for this table, overriding 'zerobus.pool.streams-per-table'. */
        private Integer streams;

        /** Whether to open this table's streams at start-up, overriding 'zerobus.pool.eager'. */
        private Boolean eager;

        /** Stream options of this table, overriding 'zerobus.stream.*'. */
        private final Stream stream = new Stream();

        public Integer getStreams() {
            return this.streams;
        }

        public void setStreams(Integer streams) {
            this.streams = streams;
        }

        public Boolean getEager() {
            return this.eager;
        }

        public void setEager(Boolean eager) {
            this.eager = eager;
        }

        public String getProtoMessageClass() {
            return this.protoMessageClass;
        }

        public void setProtoMessageClass(String protoMessageClass) {
            this.protoMessageClass = protoMessageClass;
        }

        public Stream getStream() {
            return this.stream;
        }
    }

    /** The pool of streams. */
    public static class Pool {

        /** Most tables streamed at once; sending to one more fails. */
        private int maxTables = 64;

        /** Streams kept open per table; sends are spread over them round-robin. */
        private int streamsPerTable = 1;

        /** Whether to open the streams of the tables configured under 'zerobus.tables' at start-up. */
        private boolean eager;

        /** Whether start-up fails when an eager table's stream cannot be opened (wrong credentials, grants). */
        private boolean failFast;

        /** How long a fail-fast start-up waits for the eager tables' streams to open. */
        private Duration startupTimeout = Duration.ofSeconds(30);

        /** Close a stream without records in flight after it was unused for this long; unset never closes it. */
        private Duration idleTimeout;

        public int getMaxTables() {
            return this.maxTables;
        }

        public void setMaxTables(int maxTables) {
            this.maxTables = maxTables;
        }

        public int getStreamsPerTable() {
            return this.streamsPerTable;
        }

        public void setStreamsPerTable(int streamsPerTable) {
            this.streamsPerTable = streamsPerTable;
        }

        public boolean isEager() {
            return this.eager;
        }

        public void setEager(boolean eager) {
            this.eager = eager;
        }

        public boolean isFailFast() {
            return this.failFast;
        }

        public void setFailFast(boolean failFast) {
            this.failFast = failFast;
        }

        public Duration getStartupTimeout() {
            return this.startupTimeout;
        }

        public void setStartupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
        }

        public Duration getIdleTimeout() {
            return this.idleTimeout;
        }

        public void setIdleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
        }
    }

    /** The ZerobusTemplate. */
    public static class Template {

        /**
         * Longest a send waits for the table's stream to open and for room in its in-flight window before it throws
         * (the record is then not taken). Also the streams' 'max-block'.
         */
        private Duration maxBlock = Duration.ofSeconds(10);

        /** How long sendAndWait waits for the durable acknowledgement. */
        private Duration sendTimeout = Duration.ofSeconds(30);

        /** Whether to record a 'zerobus.send' observation per send, from the call to the durable acknowledgement. */
        private boolean observationEnabled;

        public Duration getMaxBlock() {
            return this.maxBlock;
        }

        public void setMaxBlock(Duration maxBlock) {
            this.maxBlock = maxBlock;
        }

        public Duration getSendTimeout() {
            return this.sendTimeout;
        }

        public void setSendTimeout(Duration sendTimeout) {
            this.sendTimeout = sendTimeout;
        }

        public boolean isObservationEnabled() {
            return this.observationEnabled;
        }

        public void setObservationEnabled(boolean observationEnabled) {
            this.observationEnabled = observationEnabled;
        }
    }

    /** JSON conversion of records, on a Zerobus-specific copy of the application's JsonMapper. */
    public static class Json {

        /**
         * Property naming strategy of records, a constant of Jackson's PropertyNamingStrategies such as 'SNAKE_CASE'
         * (Delta columns are usually snake_case); unset keeps the application's.
         */
        private String propertyNamingStrategy;

        public String getPropertyNamingStrategy() {
            return this.propertyNamingStrategy;
        }

        public void setPropertyNamingStrategy(String propertyNamingStrategy) {
            this.propertyNamingStrategy = propertyNamingStrategy;
        }
    }

    /** TLS. */
    public static class Ssl {

        /** SSL bundle whose trust material is trusted besides the system trust store (see 'spring.ssl.bundle'). */
        private String bundle;

        public String getBundle() {
            return this.bundle;
        }

        public void setBundle(String bundle) {
            this.bundle = bundle;
        }
    }

    /** Application shutdown. */
    public static class Shutdown {

        /**
         * Bound on the whole close at shutdown: every stream is flushed and ended within it, in parallel; records not
         * acknowledged by then fail and are logged and handed to the UndeliveredRecordsHandler. Keep it below the
         * platform's grace period (Kubernetes: terminationGracePeriodSeconds).
         */
        private Duration flushTimeout = Duration.ofSeconds(30);

        public Duration getFlushTimeout() {
            return this.flushTimeout;
        }

        public void setFlushTimeout(Duration flushTimeout) {
            this.flushTimeout = flushTimeout;
        }
    }

    /** The embedded Zerobus server of zerobus-test, for running without a Databricks workspace. */
    public static class Embedded {

        /** Whether to start the embedded server (zerobus-test on the classpath) and connect to it. */
        private boolean enabled;

        public boolean isEnabled() {
            return this.enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    @Override
    public boolean supports(Class<?> type) {
        return ZerobusProperties.class.isAssignableFrom(type);
    }

    @Override
    public void validate(Object target, Errors errors) {
        PropertiesValidation.validate((ZerobusProperties) target, errors);
    }
}
