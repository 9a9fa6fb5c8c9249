package dev.zerobus.spring.autoconfigure;

import dev.zerobus.client.StreamConfigurationOptions;
import dev.zerobus.spring.TableNames;
import java.time.Duration;
import java.util.Map;
import org.springframework.validation.Errors;

/** Bind-time checks of {@link ZerobusProperties}: limits that would otherwise fail only on the first send. */
final class PropertiesValidation {

    private PropertiesValidation() {}

    static void validate(ZerobusProperties properties, Errors errors) {
        validate(properties.getStream(), "stream.", errors);
        positive(properties.getPool().getMaxTables(), "pool.max-tables", errors);
        positive(properties.getPool().getStreamsPerTable(), "pool.streams-per-table", errors);
        notNegative(properties.getPool().getStartupTimeout(), "pool.startup-timeout", errors);
        notNegative(properties.getPool().getIdleTimeout(), "pool.idle-timeout", errors);
        notNegative(properties.getTemplate().getMaxBlock(), "template.max-block", errors);
        notNegative(properties.getTemplate().getSendTimeout(), "template.send-timeout", errors);
        notNegative(properties.getShutdown().getFlushTimeout(), "shutdown.flush-timeout", errors);
        if (properties.getDefaultTable() != null && !TableNames.isValid(properties.getDefaultTable())) {
            errors.rejectValue("defaultTable", "zerobus.table", "must be 'catalog.schema.table'");
        }
        for (Map.Entry<String, ZerobusProperties.Table> entry :
                properties.getTables().entrySet()) {
            // Keys that are not table names are the dotted form's fragments, checked by TableSettings.
            if (TableNames.isValid(entry.getKey())) {
                validate(entry.getKey(), entry.getValue(), errors);
            }
        }
    }

    /** The checks of one table's settings, also applied by TableSettings to the dotted form. */
    static void validate(String table, ZerobusProperties.Table settings, Errors errors) {
        String prefix = "tables." + table + ".";
        if (settings.getStreams() != null) {
            positive(settings.getStreams(), prefix + "streams", errors);
        }
        validate(settings.getStream(), prefix + "stream.", errors);
    }

    private static void validate(ZerobusProperties.Stream stream, String prefix, Errors errors) {
        if (stream.getMaxInflightRequests() != null) {
            positive(stream.getMaxInflightRequests(), prefix + "max-inflight-requests", errors);
        }
        if (stream.getMaxInflightRecords() != null) {
            positive(stream.getMaxInflightRecords(), prefix + "max-inflight-records", errors);
        }
        if (stream.getMaxInflightBytes() != null && stream.getMaxInflightBytes().toBytes() <= 0) {
            reject(prefix + "max-inflight-bytes", "must be greater than 0", errors);
        }
        if (stream.getMaxRequestRecords() != null) {
            positive(stream.getMaxRequestRecords(), prefix + "max-request-records", errors);
        }
        if (stream.getMaxRequestBytes() != null
                && (stream.getMaxRequestBytes().toBytes() <= 0
                        || stream.getMaxRequestBytes().toBytes()
                                > StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT)) {
            reject(
                    prefix + "max-request-bytes",
                    "must be greater than 0 and at most " + StreamConfigurationOptions.MAX_REQUEST_BYTES_LIMIT
                            + " bytes (the service's limit on one request)",
                    errors);
        }
        notNegative(stream.getLinger(), prefix + "linger", errors);
        if (stream.getRecoveryRetries() != null && stream.getRecoveryRetries() < 0) {
            reject(prefix + "recovery-retries", "must not be negative", errors);
        }
        notNegative(stream.getRecoveryTimeout(), prefix + "recovery-timeout", errors);
        notNegative(stream.getRecoveryBackoff(), prefix + "recovery-backoff", errors);
        notNegative(stream.getFlushTimeout(), prefix + "flush-timeout", errors);
        notNegative(stream.getServerLackOfAckTimeout(), prefix + "server-lack-of-ack-timeout", errors);
        notNegative(stream.getCloseSignalMaxPause(), prefix + "close-signal-max-pause", errors);
        notNegative(stream.getKeepAliveInterval(), prefix + "keep-alive-interval", errors);
        notNegative(stream.getKeepAliveTimeout(), prefix + "keep-alive-timeout", errors);
    }

    private static void positive(int value, String property, Errors errors) {
        if (value <= 0) {
            reject(property, "must be greater than 0", errors);
        }
    }

    private static void notNegative(Duration value, String property, Errors errors) {
        if (value != null && value.isNegative()) {
            reject(property, "must not be negative", errors);
        }
    }

    /** Rejects with the property's name as users write it, since Errors field paths use bean names. */
    private static void reject(String property, String message, Errors errors) {
        errors.reject("zerobus.invalid", "zerobus." + property + " " + message);
    }
}
