package dev.zerobus.test;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A bare HTTP/2 connection to the gRPC port (plaintext, or TLS with ALPN {@code h2}) that can send PING frames and
 * see their ACKs: grpc-java clients do not let a test send a PING on demand (their keepalive waits at least 10 s), and
 * a PING ACK is exactly what a frozen connection must not send. Frames are written by hand (RFC 9113 §4.1, §6.7); a
 * reader thread acknowledges the server's SETTINGS and collects PING ACKs.
 */
final class Http2PingProbe implements AutoCloseable {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SETTINGS = 0x4;
    private static final int PING = 0x6;
    private static final int ACK = 0x1;

    private final Socket socket;
    private final OutputStream out;
    private final Set<Long> pingAcks = new HashSet<>(); // guarded by itself

    private Http2PingProbe(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        synchronized (this) {
            out.write(PREFACE);
            writeFrame(SETTINGS, 0, new byte[0]);
        }
        Thread reader = new Thread(this::readFrames, "http2-ping-probe");
        reader.setDaemon(true);
        reader.start();
    }

    static Http2PingProbe open(ZerobusTestServer server) throws IOException {
        if (!server.isTls()) {
            return new Http2PingProbe(new Socket("127.0.0.1", server.port()));
        }
        SSLSocket tls = (SSLSocket) TestChannels.trustingCa(server.caCertificatePem())
                .getSocketFactory()
                .createSocket("127.0.0.1", server.port());
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setApplicationProtocols(new String[] {"h2"});
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return new Http2PingProbe(tls);
    }

    /** Sends a PING with {@code data} as its 8 payload bytes. */
    void ping(long data) throws IOException {
        synchronized (this) {
            writeFrame(PING, 0, ByteBuffer.allocate(8).putLong(data).array());
        }
    }

    /** True once a PING ACK with {@code data} arrived; false if none did within {@code timeout}. */
    boolean awaitPingAck(long data, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (pingAcks) {
            while (!pingAcks.contains(data)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(pingAcks, left);
            }
            return true;
        }
    }

    private void writeFrame(int type, int flags, byte[] payload) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(9);
        header.put((byte) (payload.length >>> 16))
                .put((byte) (payload.length >>> 8))
                .put((byte) payload.length);
        header.put((byte) type).put((byte) flags).putInt(0); // stream 0: connection-level frames only
        out.write(header.array());
        out.write(payload);
        out.flush();
    }

    private void readFrames() {
        try {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] header = new byte[9];
            while (true) {
                in.readFully(header);
                int length = ((header[0] & 0xff) << 16) | ((header[1] & 0xff) << 8) | (header[2] & 0xff);
                int type = header[3] & 0xff;
                int flags = header[4] & 0xff;
                byte[] payload = in.readNBytes(length);
                if (type == SETTINGS && (flags & ACK) == 0) {
                    synchronized (this) {
                        writeFrame(SETTINGS, ACK, new byte[0]);
                    }
                } else if (type == PING && (flags & ACK) != 0 && payload.length == 8) {
                    synchronized (pingAcks) {
                        pingAcks.add(ByteBuffer.wrap(payload).getLong());
                        pingAcks.notifyAll();
                    }
                }
            }
        } catch (IOException closed) {
            // the connection is gone: no more ACKs
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
