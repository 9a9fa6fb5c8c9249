package dev.zerobus.test;

import dev.zerobus.test.proto.ZerobusGrpc;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;

/**
 * The gRPC side: a Netty server on the loopback address with a direct executor (the sessions never block), the
 * connection tracker in its accept path, and TLS when asked for. Inbound messages may be up to 16 MiB so that the 10 MiB
 * request limit is checked (and explained) by the session, not cut off by grpc.
 */
final class GrpcEndpoint {

    static final int MAX_INBOUND_MESSAGE_BYTES = 16 * 1024 * 1024;

    private final ServerServiceDefinition service;
    private final ConnectionTracker connections;
    private final SslContext sslContext;
    private Server server;
    private EventLoopGroup boss;
    private EventLoopGroup workers;

    GrpcEndpoint(
            StreamEnvironment env, StreamAuthInterceptor interceptor, ConnectionTracker connections, TlsMaterial tls) {
        ServerServiceDefinition definition = ServerServiceDefinition.builder(ZerobusGrpc.getServiceDescriptor())
                .addMethod(ZerobusGrpc.getEphemeralStreamMethod(), new IngestStreamHandler(env))
                .build();
        this.service = ServerInterceptors.intercept(definition, interceptor);
        this.connections = connections;
        this.sslContext = tls == null ? null : sslContext(tls);
    }

    /** Binds {@code port} (0 = any free port) and returns the bound port. */
    synchronized int start(int port) {
        boss = new NioEventLoopGroup(1, new DefaultThreadFactory("zerobus-test-accept", true));
        workers = new NioEventLoopGroup(
                Math.max(2, Runtime.getRuntime().availableProcessors()),
                new DefaultThreadFactory("zerobus-test-io", true));
        NettyServerBuilder builder = NettyServerBuilder.forAddress(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
                .channelFactory(() -> new ConnectionTracker.TrackingServerSocketChannel(connections))
                .bossEventLoopGroup(boss)
                .workerEventLoopGroup(workers)
                .withOption(ChannelOption.SO_REUSEADDR, true)
                .directExecutor()
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE_BYTES)
                .permitKeepAliveTime(1, TimeUnit.SECONDS)
                .permitKeepAliveWithoutCalls(true)
                .addService(service);
        if (sslContext != null) {
            builder.sslContext(sslContext);
        }
        server = builder.build();
        try {
            server.start();
        } catch (IOException e) {
            stopEventLoops();
            throw new UncheckedIOException("cannot bind the gRPC port " + port, e);
        }
        return ((InetSocketAddress) server.getListenSockets().get(0)).getPort();
    }

    /** Drops every connection (RST) and stops; safe to call when not running. */
    synchronized void stop() {
        if (server == null) {
            return;
        }
        connections.resetAll();
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
        stopEventLoops();
    }

    private void stopEventLoops() {
        boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static SslContext sslContext(TlsMaterial tls) {
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forServer(
                            tls.serverKeys().getPrivate(), tls.serverCertificate(), tls.caCertificate()))
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build the gRPC TLS context", e);
        }
    }
}
