package dev.zerobus.test;

import io.grpc.netty.shaded.io.netty.channel.Channel;
import io.grpc.netty.shaded.io.netty.channel.ChannelHandler;
import io.grpc.netty.shaded.io.netty.channel.ChannelOption;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.Future;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Knows the accepted TCP connections of the gRPC server by their remote address, so that a fault can reset exactly the
 * connection of one stream: SO_LINGER 0 then close sends an RST, the client sees a broken transport rather than a
 * gRPC status. grpc-java does not expose its Netty channels, so the server socket channel registers each child it
 * accepts ({@link TrackingServerSocketChannel}). The same handle lets a fault freeze every open connection
 * ({@link FrozenConnection}).
 */
final class ConnectionTracker {

    private final ConcurrentHashMap<SocketAddress, Channel> channels = new ConcurrentHashMap<>();

    void register(Channel channel) {
        SocketAddress remote = channel.remoteAddress();
        if (remote == null) {
            return;
        }
        channels.put(remote, channel);
        channel.closeFuture().addListener(future -> channels.remove(remote, channel));
    }

    /** Resets the connection from {@code remote}; false when no such connection is open. */
    boolean reset(SocketAddress remote) {
        Channel channel = remote == null ? null : channels.get(remote);
        if (channel == null) {
            return false;
        }
        hardClose(channel);
        return true;
    }

    void resetAll() {
        for (Channel channel : List.copyOf(channels.values())) {
            hardClose(channel);
        }
    }

    /**
     * Freezes every open connection and returns how many. Waits until each is frozen on its event loop, so that nothing
     * the client sends after this returns is read; connections accepted afterwards are not affected.
     */
    int freezeAll() {
        AtomicInteger frozen = new AtomicInteger();
        onEachEventLoop(channel -> {
            if (channel.isActive() && channel.pipeline().get(FrozenConnection.NAME) == null) {
                channel.pipeline().addFirst(FrozenConnection.NAME, new FrozenConnection());
                frozen.incrementAndGet();
            }
        });
        return frozen.get();
    }

    /** Thaws every frozen connection: what was held back is sent and reading resumes. */
    void unfreezeAll() {
        onEachEventLoop(channel -> {
            ChannelHandler frozen = channel.pipeline().get(FrozenConnection.NAME);
            if (frozen instanceof FrozenConnection connection) {
                connection.thaw();
            }
        });
    }

    int open() {
        return channels.size();
    }

    /**
     * Runs {@code action} for every registered connection on its event loop and waits (bounded) until all ran. Not
     * registered yet means not accepted yet as far as the client can tell, so such a channel is skipped.
     */
    private void onEachEventLoop(Consumer<Channel> action) {
        List<Future<?>> done = new ArrayList<>();
        for (Channel channel : List.copyOf(channels.values())) {
            if (!channel.isRegistered()) {
                continue;
            }
            if (channel.eventLoop().inEventLoop()) {
                action.accept(channel);
            } else {
                try {
                    done.add(channel.eventLoop().submit(() -> action.accept(channel)));
                } catch (RejectedExecutionException stopping) {
                    // the server is stopping: its connections are being reset anyway
                }
            }
        }
        for (Future<?> future : done) {
            future.awaitUninterruptibly(5, TimeUnit.SECONDS);
        }
    }

    /**
     * Closes below the pipeline: {@code channel.close()} would reach grpc's HTTP/2 handler, which turns it into a
     * graceful GOAWAY and waits for the streams. The transport's own close with SO_LINGER 0 resets the socket at once.
     */
    private static void hardClose(Channel channel) {
        // Always as a task of the channel's event loop: messages already queued (acks sent before the fault) are
        // flushed first, as they would have reached the client before a real connection loss.
        channel.eventLoop().execute(() -> resetNow(channel));
    }

    private static void resetNow(Channel channel) {
        try {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
        } catch (RuntimeException ignored) {
            // already closed: nothing to reset
        }
        channel.unsafe().close(channel.unsafe().voidPromise());
    }

    /** A NIO server socket channel that hands each accepted connection to the tracker. */
    static final class TrackingServerSocketChannel extends NioServerSocketChannel {

        private final ConnectionTracker tracker;

        TrackingServerSocketChannel(ConnectionTracker tracker) {
            this.tracker = tracker;
        }

        @Override
        protected int doReadMessages(List<Object> buf) throws Exception {
            int before = buf.size();
            int accepted = super.doReadMessages(buf);
            for (int i = before; i < buf.size(); i++) {
                if (buf.get(i) instanceof Channel child) {
                    tracker.register(child);
                }
            }
            return accepted;
        }
    }
}
