package dev.zerobus.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP CONNECT proxy for tests: answers {@code CONNECT host:port}, connects to {@code 127.0.0.1:port}
 * whatever the host (so a made-up host name proves the client used the proxy rather than resolving it), and pipes
 * bytes both ways. Records every CONNECT target.
 */
final class ConnectProxy implements AutoCloseable {

    private final ServerSocket listener;

    private final List<String> connectTargets = new CopyOnWriteArrayList<>();

    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    ConnectProxy() throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "connect-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return this.listener.getLocalPort();
    }

    /** {@code host:port} of every CONNECT request, in order. */
    List<String> connectTargets() {
        return List.copyOf(this.connectTargets);
    }

    private void acceptLoop() {
        while (!this.listener.isClosed()) {
            try {
                Socket client = this.listener.accept();
                this.sockets.add(client);
                Thread handler = new Thread(() -> tunnel(client), "connect-proxy-tunnel");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException ex) {
                return;
            }
        }
    }

    private void tunnel(Socket client) {
        try {
            String head = readHead(client.getInputStream());
            String[] requestLine = head.split("\r\n", 2)[0].split(" ");
            OutputStream toClient = client.getOutputStream();
            if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
                toClient.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                client.close();
                return;
            }
            String target = requestLine[1];
            this.connectTargets.add(target);
            int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port);
            this.sockets.add(upstream);
            toClient.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            toClient.flush();
            Thread back = new Thread(() -> pipe(upstream, client), "connect-proxy-pipe");
            back.setDaemon(true);
            back.start();
            pipe(client, upstream);
        } catch (IOException | RuntimeException ex) {
            closeQuietly(client);
        }
    }

    /** Reads up to the blank line ending the request head, byte by byte so no tunnelled byte is consumed. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the request head");
            }
            head.write(b);
            matched = (b == end[matched]) ? matched + 1 : ((b == '\r') ? 1 : 0);
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void pipe(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream()) {
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ex) {
            // one side went away: end the tunnel
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ex) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        this.listener.close();
        this.sockets.forEach(ConnectProxy::closeQuietly);
    }
}
