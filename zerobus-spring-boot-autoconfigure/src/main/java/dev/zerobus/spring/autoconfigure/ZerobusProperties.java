package dev.zerobus.spring.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for Zerobus Ingest.
 */
@ConfigurationProperties("zerobus")
public class ZerobusProperties {

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

    /** Stream settings of every table, unless overridden under 'zerobus.tables.<name>.stream'. */
    private final Stream stream = new Stream();

    /** Per-table settings, keyed by 'catalog.schema.table'. */
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

        /** Requests sent or queued but not yet acknowledged, per stream; a full stream blocks the sender. */
        private Integer maxInflightRequests;

        /** Payload bytes not yet acknowledged, per stream; a full stream blocks the sender. */
        private DataSize maxInflightBytes;

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

        public Integer getMaxInflightRequests() {
            return this.maxInflightRequests;
        }

        public void setMaxInflightRequests(Integer maxInflightRequests) {
            this.maxInflightRequests = maxInflightRequests;
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

        /** Stream options of this table, overriding 'zerobus.stream.*'. */
        private final Stream stream = new Stream();

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

    /** The pool of streams, one per table. */
    public static class Pool {

        /** Most tables streamed at once; sending to one more fails. */
        private int maxStreams = 64;

        public int getMaxStreams() {
            return this.maxStreams;
        }

        public void setMaxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
        }
    }

    /** Application shutdown. */
    public static class Shutdown {

        /** How long shutdown waits for every stream to flush before it closes them anyway. */
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
}
