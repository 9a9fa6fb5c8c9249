package dev.zerobus.client;

import java.util.Locale;
import java.util.Map;

/**
 * Adapts a user's {@link HeadersProvider} to the native {@link NativeBridge.HeadersCallback}: flattens the map into
 * alternating names and values, lower-cases names (HTTP/2 requires it) and adds the table header when missing. Errors
 * name the header, never its value.
 */
final class HeadersProviderCallback implements NativeBridge.HeadersCallback {

    static final String TABLE_NAME_HEADER = "x-databricks-zerobus-table-name";

    private final HeadersProvider provider;

    private final String tableName;

    HeadersProviderCallback(HeadersProvider provider, String tableName) {
        this.provider = provider;
        this.tableName = tableName;
    }

    @Override
    public String[] fetch() {
        Map<String, String> headers = this.provider.getHeaders();
        if (headers == null) {
            throw new IllegalStateException(
                    "HeadersProvider " + this.provider.getClass().getName() + " returned null");
        }
        boolean hasTableName = false;
        String[] flat = new String[(headers.size() + 1) * 2];
        int at = 0;
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (name == null || name.isBlank()) {
                throw new IllegalStateException("HeadersProvider returned a header without a name");
            }
            if (header.getValue() == null) {
                throw new IllegalStateException("HeadersProvider returned no value for header '" + name + "'");
            }
            name = name.trim().toLowerCase(Locale.ROOT);
            hasTableName |= name.equals(TABLE_NAME_HEADER);
            flat[at++] = name;
            flat[at++] = header.getValue();
        }
        if (!hasTableName) {
            flat[at++] = TABLE_NAME_HEADER;
            flat[at++] = this.tableName;
        }
        return (at == flat.length) ? flat : java.util.Arrays.copyOf(flat, at);
    }

    @Override
    public void invalidate() {
        this.provider.invalidate();
    }

    @Override
    public String toString() {
        return "HeadersProviderCallback[" + this.provider.getClass().getName() + "]";
    }
}
