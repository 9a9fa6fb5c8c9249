package dev.zerobus.test;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The HTTP (or HTTPS, with the same certificate as gRPC) server of the workspace URL, serving the token endpoint. */
final class TokenHttpEndpoint {

    private final TokenEndpoint handler;
    private final TlsMaterial tls;
    private HttpServer server;
    private ScheduledThreadPoolExecutor executor;

    TokenHttpEndpoint(TokenEndpoint handler, TlsMaterial tls) {
        this.handler = handler;
        this.tls = tls;
    }

    /** Binds {@code port} (0 = any free port) and returns the bound port. */
    synchronized int start(int port) {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        try {
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 64);
                https.setHttpsConfigurator(new HttpsConfigurator(tls.serverSslContext()));
                server = https;
            } else {
                server = HttpServer.create(address, 64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the token endpoint port " + port, e);
        }
        server.createContext(TokenEndpoint.PATH, handler);
        // Scheduled, so that the handler can delay a reply without holding a thread
        // (FaultInjector.delayTokenResponses).
        executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "zerobus-test-oauth");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        return server.getAddress().getPort();
    }

    synchronized void stop() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }
}
