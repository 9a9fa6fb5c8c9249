package dev.zerobus.test;

import io.grpc.netty.shaded.io.netty.channel.ChannelHandlerContext;
import io.grpc.netty.shaded.io.netty.channel.ChannelOutboundHandlerAdapter;
import io.grpc.netty.shaded.io.netty.channel.ChannelPromise;
import io.grpc.netty.shaded.io.netty.channel.PendingWriteQueue;
import java.nio.channels.ClosedChannelException;

/**
 * Put first in a connection's pipeline (next to the socket, below TLS and HTTP/2) to make the connection look dead
 * from the client's side, as a peer behind a silently failed network path does: nothing is read (auto-read is off and
 * explicit reads, e.g. from the TLS handler, are swallowed) and nothing leaves (every write is held back). Because no
 * frame is read, grpc never sees the client's HTTP/2 PINGs, let alone answers them, so only a keepalive timeout on the
 * client can tell. Held writes are kept in order, not dropped, so that {@link #thaw} resumes the byte stream intact
 * (TLS records and HTTP/2 frames stay whole) as a healed network path would. Confined to the channel's event loop.
 */
final class FrozenConnection extends ChannelOutboundHandlerAdapter {

    static final String NAME = "zerobus-test-freeze";

    private PendingWriteQueue held;
    private ChannelHandlerContext context;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        context = ctx;
        held = new PendingWriteQueue(ctx);
        ctx.channel().config().setAutoRead(false);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        held.add(msg, promise);
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        // held back with the writes; thaw flushes
    }

    @Override
    public void read(ChannelHandlerContext ctx) {
        // no reads while frozen; thaw turns auto-read back on, which reads again
    }

    /** The channel closed (reset, server stop) while frozen: what was held can never be sent. */
    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (!held.isEmpty()) {
            held.removeAndFailAll(new ClosedChannelException());
        }
    }

    /** Sends what was held, in order, removes this handler and reads again. */
    void thaw() {
        if (context.isRemoved()) {
            return;
        }
        held.removeAndWriteAll();
        context.flush();
        context.pipeline().remove(this);
        context.channel().config().setAutoRead(true);
    }
}
