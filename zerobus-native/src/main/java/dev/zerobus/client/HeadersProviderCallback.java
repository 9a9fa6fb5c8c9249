package dev.zerobus.client;

import java.util.Locale;
import java.util.Map;

/**
 * Adapts a user's {@link HeadersProvider} to the native {@link NativeBridge.HeadersCallback}: flattens the map into
 * alternating names and values, lower-cases names (HTTP/2 requires it) and adds the table header when missing. Errors
 * name the header, never its value.
 *
 * <p>The core calls it on a native thread of its own, with a timeout, so the provider runs with the thread context
 * class loader that was current when the stream was created: applications in a fat jar or a container rely on it to
 * load their classes.
 */
final class HeadersProviderCallback implements NativeBridge.HeadersCallback {

    static final String TABLE_NAME_HEADER = "x-databricks-zerobus-table-name";

    private final HeadersProvider provider;

    private final String tableName;

    private final ClassLoader contextClassLoader;

    HeadersProviderCallback(HeadersProvider provider, String tableName) {
        this.provider = provider;
        this.tableName = tableName;
        this.contextClassLoader = Thread.currentThread().getContextClassLoader();
    }

    @Override
    public String[] fetch() {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this.contextClassLoader);
        try {
            return flatten(this.provider.getHeaders());
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    private String[] flatten(Map<String, String> headers) {
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
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this.contextClassLoader);
        try {
            this.provider.invalidate();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    public String toString() {
        return "HeadersProviderCallback[" + this.provider.getClass().getName() + "]";
    }
}
