package dev.zerobus.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The entry point of the client: one Zerobus endpoint and workspace, from which streams are opened. Thread-safe; make
 * one per endpoint and share it.
 *
 * <p>TLS trusts the system trust store, plus the CA certificates of {@link Builder#caCertificate(Path)} when given. An
 * HTTP CONNECT proxy is taken from the usual environment variables ({@code grpc_proxy}, {@code https_proxy},
 * {@code no_proxy}), read by the native core.
 *
 * <p>{@code http://} endpoints are for local servers: to a host that is not loopback they are refused unless
 * {@link Builder#allowInsecurePlaintext(boolean)} says otherwise, because the token and the client secret would
 * travel in clear text.
 *
 * <p>Closing the SDK closes every stream it opened that is still open, in parallel and within one bound: each is
 * flushed and ended, then all native resources are freed, so nothing leaks and every future has an outcome. Records of streams that could not be
 * flushed stay retrievable from {@link ZerobusStream#unackedBatches()} (copied to the Java heap) and can be sent again
 * with {@link #recreateStream(ZerobusStream)} on another SDK.
 */
public final class ZerobusSdk implements AutoCloseable {

    /** The library's version, from the jar (one version for both {@code x-zerobus-sdk} and {@code user-agent}). */
    static final String VERSION = readVersion();

    private final String endpoint;

    private final String workspaceUrl;

    private final NativeHandle handle;

    /** Streams opened here and not yet freed; weak, so a forgotten stream can still be cleaned up. */
    private final Set<ZerobusStream> streams = Collections.newSetFromMap(new WeakHashMap<>());

    private boolean closed;

    /**
     * An SDK with the default trust store and user agent.
     *
     * @param zerobusEndpoint {@code https://<workspace-id>.zerobus.<region>.cloud.databricks.com}, a bare host
     *     (https), or {@code http://host:port} for plaintext (local test servers)
     * @param workspaceUrl the workspace URL, e.g. {@code https://<workspace>.cloud.databricks.com}, whose
     *     {@code /oidc/v1/token} issues tokens
     * @throws ZerobusException of kind {@code INVALID_ENDPOINT} when either cannot be used
     */
    public ZerobusSdk(String zerobusEndpoint, String workspaceUrl) {
        this(builder().endpoint(zerobusEndpoint).workspaceUrl(workspaceUrl));
    }

    private ZerobusSdk(Builder builder) {
        this.endpoint = requireUrl("zerobus endpoint", builder.endpoint);
        this.workspaceUrl = requireUrl("workspace URL", builder.workspaceUrl);
        String caPath = null;
        if (builder.caCertificate != null) {
            if (!Files.isReadable(builder.caCertificate)) {
                throw new ZerobusException(
                        "the CA certificate file " + builder.caCertificate + " does not exist or is not readable",
                        ZerobusException.Kind.INVALID_ARGUMENT,
                        false);
            }
            caPath = builder.caCertificate.toAbsolutePath().toString();
        }
        String suffix = (builder.userAgent != null && !builder.userAgent.isBlank()) ? builder.userAgent.trim() : null;
        long flags = builder.allowInsecurePlaintext ? NativeBridge.SDK_FLAG_ALLOW_PLAINTEXT : 0;
        long sdk = NativeBridge.sdkCreate(this.endpoint, this.workspaceUrl, caPath, suffix, VERSION, flags);
        this.handle = new NativeHandle(this, sdk, NativeBridge::sdkFree);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a stream authenticated with OAuth client credentials (a service principal). Tokens are fetched from the
     * workspace's token endpoint and cached per table until shortly before they expire. Blocks until the stream is
     * open; creation is retried as the recovery options say. {@link #createStreamAsync(TableProperties, String, String,
     * StreamConfigurationOptions)} does the same without blocking.
     *
     * @param options {@code null} for {@link StreamConfigurationOptions#defaults()}
     * @throws ZerobusException when the stream cannot be opened (e.g. {@code AUTHENTICATION}, {@code PERMISSION_DENIED},
     *     {@code CONNECTION})
     * @throws IllegalStateException when the SDK is closed
     */
    public ZerobusStream createStream(
            TableProperties table, String clientId, String clientSecret, StreamConfigurationOptions options) {
        return openStream(credentials(table, clientId, clientSecret, options));
    }

    /**
     * Like {@link #createStream(TableProperties, String, String, StreamConfigurationOptions)}, without blocking the
     * caller on the network: the returned future completes with the open stream, or exceptionally with the creation
     * error once the retries the recovery options allow are used up. Argument errors are thrown at once.
     */
    public CompletableFuture<ZerobusStream> createStreamAsync(
            TableProperties table, String clientId, String clientSecret, StreamConfigurationOptions options) {
        return openStreamAsync(credentials(table, clientId, clientSecret, options));
    }

    /** Like {@link #createStream(TableProperties, HeadersProvider, StreamConfigurationOptions)}, without blocking. */
    public CompletableFuture<ZerobusStream> createStreamAsync(
            TableProperties table, HeadersProvider headersProvider, StreamConfigurationOptions options) {
        return openStreamAsync(headers(table, headersProvider, options));
    }

    private static StreamSpec credentials(
            TableProperties table, String clientId, String clientSecret, StreamConfigurationOptions options) {
        requireTable(table);
        if (clientId == null || clientId.isBlank()) {
            throw StreamErrors.invalidArgument("the OAuth client id is empty");
        }
        if (clientSecret == null || clientSecret.isBlank()) {
            throw StreamErrors.invalidArgument("the OAuth client secret is empty");
        }
        return StreamSpec.withCredentials(table, orDefaults(options), clientId, clientSecret);
    }

    private static StreamSpec headers(
            TableProperties table, HeadersProvider headersProvider, StreamConfigurationOptions options) {
        requireTable(table);
        if (headersProvider == null) {
            throw StreamErrors.invalidArgument("the headers provider is null");
        }
        return StreamSpec.withHeaders(table, orDefaults(options), headersProvider);
    }

    /**
     * Opens a stream whose request headers (authorization included) come from the given provider instead of the OAuth
     * flow.
     *
     * @param options {@code null} for {@link StreamConfigurationOptions#defaults()}
     * @throws IllegalStateException when the SDK is closed
     */
    public ZerobusStream createStream(
            TableProperties table, HeadersProvider headersProvider, StreamConfigurationOptions options) {
        return openStream(headers(table, headersProvider, options));
    }

    /**
     * Opens a new stream for the same table, credentials and options as a closed or failed one, and sends that stream's
     * unacked requests on it first, in order and with their batch boundaries, so nothing is lost. The old stream then
     * reports no unacked batches. The old stream may come from another (even closed) SDK.
     *
     * @throws IllegalStateException when the old stream is still running or was already recreated, or this SDK is closed
     */
    public ZerobusStream recreateStream(ZerobusStream closedOrFailed) {
        if (closedOrFailed == null) {
            throw new IllegalArgumentException("the stream to recreate is null");
        }
        return closedOrFailed.recreateOn(this);
    }

    /**
     * Closes (flushes and ends) every stream opened here that is still open, in parallel, each within its own flush
     * timeout; see {@link #close(Duration)}.
     */
    @Override
    public void close() {
        Duration longest = Duration.ZERO;
        synchronized (this) {
            for (ZerobusStream stream : this.streams) {
                Duration flush = stream.options().flushTimeout();
                longest = (flush.compareTo(longest) > 0) ? flush : longest;
            }
        }
        close(longest);
    }

    /**
     * Closes every stream opened here that is still open, in parallel, all within {@code timeout} (plus a few seconds
     * at most for servers to end their calls); streams that could not be flushed in time are ended anyway with their
     * unacked records kept ({@link ZerobusStream#unackedBatches()}, copied to the Java heap). Then frees all native
     * resources and throws the first failure, if any. When it returns, nothing is sent any more and every future of
     * every stream has an outcome. Idempotent.
     *
     * @throws ZerobusException of kind {@code INTERRUPTED} when interrupted while waiting: every stream is then ended at
     *     once, records kept
     */
    public void close(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be zero or positive, was " + timeout);
        }
        List<ZerobusStream> open;
        synchronized (this) {
            if (this.closed) {
                return;
            }
            this.closed = true;
            open = new ArrayList<>(this.streams);
            this.streams.clear();
        }
        List<ZerobusException> failures = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch done = new CountDownLatch(open.size());
        for (ZerobusStream stream : open) {
            Thread closer =
                    new Thread(() -> closeOne(stream, timeout, failures, done), "zerobus-close-" + stream.tableName());
            closer.setDaemon(true);
            closer.start();
        }
        ZerobusException interrupted = null;
        try {
            // The streams' own closes are bounded by `timeout` plus their end grace; this only guards against a bug.
            done.await(StreamConfigurationOptions.millis(timeout) + 15_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            interrupted = new ZerobusException(
                    "closing the ZerobusSdk was interrupted; unflushed records are kept",
                    ZerobusException.Kind.INTERRUPTED,
                    true);
        }
        for (ZerobusStream stream : open) {
            stream.release(true);
        }
        this.handle.free();
        if (interrupted != null) {
            throw interrupted;
        }
        if (!failures.isEmpty()) {
            ZerobusException first = failures.get(0);
            ZerobusException summary = new ZerobusException(
                    failures.size() + " of " + open.size() + " streams could not be flushed while closing the SDK;"
                            + " their unacked records are kept. First: " + first.getMessage(),
                    first.kind(),
                    first.isRetryable(),
                    first.grpcStatus().orElse(-1),
                    first);
            failures.stream().skip(1).forEach(summary::addSuppressed);
            throw summary;
        }
    }

    private static void closeOne(
            ZerobusStream stream, Duration timeout, List<ZerobusException> failures, CountDownLatch done) {
        try {
            stream.close(timeout);
        } catch (ZerobusException ex) {
            failures.add(ex);
        } catch (RuntimeException ex) {
            failures.add(new ZerobusException(
                    "closing the stream to table " + stream.tableName() + " failed: " + ex,
                    ZerobusException.Kind.INTERNAL,
                    false,
                    -1,
                    ex));
        } finally {
            done.countDown();
        }
    }

    public String endpoint() {
        return this.endpoint;
    }

    public String workspaceUrl() {
        return this.workspaceUrl;
    }

    @Override
    public String toString() {
        return "ZerobusSdk[endpoint=" + withoutUserInfo(this.endpoint) + ", workspaceUrl="
                + withoutUserInfo(this.workspaceUrl) + "]";
    }

    // ---- used by ZerobusStream

    /** Opens a stream and waits (in slices, interruptible) until it is open; frees it when it fails. */
    ZerobusStream openStream(StreamSpec spec) {
        ZerobusStream stream = startStream(spec);
        return awaitOpen(stream);
    }

    /** The asynchronous form: the wait runs on a daemon thread; a stream opened after cancellation is closed. */
    private CompletableFuture<ZerobusStream> openStreamAsync(StreamSpec spec) {
        ZerobusStream stream = startStream(spec);
        CompletableFuture<ZerobusStream> future = new CompletableFuture<>();
        Thread opener = new Thread(
                () -> {
                    try {
                        if (!future.complete(awaitOpen(stream))) {
                            stream.close();
                        }
                    } catch (RuntimeException ex) {
                        future.completeExceptionally(ex);
                    }
                },
                "zerobus-open-" + spec.table().tableName());
        opener.setDaemon(true);
        opener.start();
        return future;
    }

    private ZerobusStream awaitOpen(ZerobusStream stream) {
        try {
            stream.awaitOpen();
            return stream;
        } catch (RuntimeException ex) {
            forget(stream);
            stream.abandon();
            throw ex;
        }
    }

    /** Starts the native stream (returns at once, in CREATING) and registers it. */
    private ZerobusStream startStream(StreamSpec spec) {
        TableProperties table = spec.table();
        long stream = NativeBridge.streamCreate(
                liveHandle(),
                table.tableName(),
                table.recordType().wireValue(),
                table.descriptorProtoForNative(),
                spec.clientId(),
                spec.clientSecret(),
                spec.headersCallback(),
                spec.options().toLongArray());
        return register(new ZerobusStream(this, stream, spec));
    }

    ZerobusStream openRecreated(StreamSpec spec, long closedOrFailedStream) {
        long stream = NativeBridge.streamRecreate(liveHandle(), closedOrFailedStream);
        return awaitOpen(register(new ZerobusStream(this, stream, spec)));
    }

    void forget(ZerobusStream stream) {
        synchronized (this) {
            this.streams.remove(stream);
        }
    }

    // ---- internals

    private long liveHandle() {
        synchronized (this) {
            if (this.closed) {
                throw new IllegalStateException("this ZerobusSdk is closed");
            }
        }
        return this.handle.value();
    }

    private ZerobusStream register(ZerobusStream stream) {
        boolean accepted;
        synchronized (this) {
            accepted = !this.closed;
            if (accepted) {
                this.streams.add(stream);
            }
        }
        if (!accepted) {
            stream.abandon();
            throw new IllegalStateException("this ZerobusSdk was closed while the stream was being created");
        }
        return stream;
    }

    private static TableProperties requireTable(TableProperties table) {
        if (table == null) {
            throw StreamErrors.invalidArgument("the table properties are null");
        }
        return table;
    }

    private static StreamConfigurationOptions orDefaults(StreamConfigurationOptions options) {
        return (options != null) ? options : StreamConfigurationOptions.defaults();
    }

    private static String requireUrl(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new ZerobusException("the " + what + " is empty", ZerobusException.Kind.INVALID_ENDPOINT, false);
        }
        return value.trim();
    }

    /** The version the build wrote into {@code zerobus-client.properties} (the Maven project version). */
    private static String readVersion() {
        try (InputStream in = ZerobusSdk.class.getResourceAsStream("zerobus-client.properties")) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version", "").trim();
                if (!version.isEmpty() && !version.startsWith("${")) {
                    return version;
                }
            }
        } catch (IOException ex) {
            // fall through: an unreadable resource is a packaging problem, not a reason to fail
        }
        return "unknown";
    }

    /** Hides credentials someone may have put into a URL ({@code https://user:secret@host}). */
    static String withoutUserInfo(String url) {
        int scheme = url.indexOf("://");
        int hostStart = (scheme >= 0) ? scheme + 3 : 0;
        int pathStart = url.indexOf('/', hostStart);
        int at = url.lastIndexOf('@', (pathStart >= 0) ? pathStart : url.length() - 1);
        return (at >= hostStart) ? url.substring(0, hostStart) + "***@" + url.substring(at + 1) : url;
    }

    /** Builds a {@link ZerobusSdk}. */
    public static final class Builder {

        private String endpoint;

        private String workspaceUrl;

        private Path caCertificate;

        private String userAgent;

        private boolean allowInsecurePlaintext;

        private Builder() {}

        /** The Zerobus endpoint; see {@link ZerobusSdk#ZerobusSdk(String, String)}. Required. */
        public Builder endpoint(String zerobusEndpoint) {
            this.endpoint = zerobusEndpoint;
            return this;
        }

        /** The workspace URL that issues OAuth tokens. Required. */
        public Builder workspaceUrl(String workspaceUrl) {
            this.workspaceUrl = workspaceUrl;
            return this;
        }

        /** A PEM file of CA certificates to trust in addition to the system trust store. */
        public Builder caCertificate(Path caCertificatePem) {
            this.caCertificate = caCertificatePem;
            return this;
        }

        /** Text appended to the {@code user-agent} header, e.g. {@code my-app/1.2}. */
        public Builder userAgent(String userAgentSuffix) {
            this.userAgent = userAgentSuffix;
            return this;
        }

        /**
         * Allows {@code http://} endpoints and workspace URLs on hosts that are not loopback. Off by default: the OAuth
         * client secret and tokens would travel in clear text. Loopback hosts ({@code localhost}, 127.0.0.0/8,
         * {@code ::1}) never need it.
         */
        public Builder allowInsecurePlaintext(boolean allowInsecurePlaintext) {
            this.allowInsecurePlaintext = allowInsecurePlaintext;
            return this;
        }

        /**
         * @throws ZerobusException {@code INVALID_ENDPOINT} for an unusable endpoint or URL (or plaintext to a remote
         *     host without {@link #allowInsecurePlaintext(boolean)}), {@code INVALID_ARGUMENT} for an unreadable CA
         *     file
         */
        public ZerobusSdk build() {
            return new ZerobusSdk(this);
        }
    }
}
