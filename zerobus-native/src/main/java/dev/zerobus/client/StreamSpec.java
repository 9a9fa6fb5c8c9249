package dev.zerobus.client;

/**
 * Everything a stream was created with, kept so {@link ZerobusSdk#recreateStream(ZerobusStream)} can open the same
 * stream again. Holds the client secret; {@link #toString()} never shows it or the headers provider's output.
 */
final class StreamSpec {

    private final TableProperties table;

    private final StreamConfigurationOptions options;

    private final String clientId;

    private final String clientSecret;

    private final HeadersProvider headersProvider;

    private StreamSpec(
            TableProperties table,
            StreamConfigurationOptions options,
            String clientId,
            String clientSecret,
            HeadersProvider headersProvider) {
        this.table = table;
        this.options = options;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.headersProvider = headersProvider;
    }

    static StreamSpec withCredentials(
            TableProperties table, StreamConfigurationOptions options, String clientId, String clientSecret) {
        return new StreamSpec(table, options, clientId, clientSecret, null);
    }

    static StreamSpec withHeaders(
            TableProperties table, StreamConfigurationOptions options, HeadersProvider headersProvider) {
        return new StreamSpec(table, options, null, null, headersProvider);
    }

    TableProperties table() {
        return this.table;
    }

    StreamConfigurationOptions options() {
        return this.options;
    }

    String clientId() {
        return this.clientId;
    }

    String clientSecret() {
        return this.clientSecret;
    }

    /** A fresh native callback for the headers provider, or {@code null} for OAuth credentials. */
    NativeBridge.HeadersCallback headersCallback() {
        return (this.headersProvider != null)
                ? new HeadersProviderCallback(this.headersProvider, this.table.tableName())
                : null;
    }

    @Override
    public String toString() {
        String auth = (this.headersProvider != null)
                ? "headersProvider=" + this.headersProvider.getClass().getName()
                : "clientId=" + this.clientId + ", clientSecret=***";
        return "StreamSpec[" + this.table + ", " + auth + "]";
    }
}
