package no.dpe.tracker.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on loopback in front of a server, that a test cuts to make the server unreachable as a stopped one
 * is: every open connection is closed and new ones are refused, until it is restored on the same port. For
 * outages of a service the whole machine shares (PostgreSQL), which a test must not stop.
 */
public final class TcpProxy implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final int port;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().factory());
    private ServerSocket server;

    private TcpProxy(String targetHost, int targetPort) throws IOException {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = listen(0);
        this.port = server.getLocalPort();
        accept(server);
    }

    public static TcpProxy to(String host, int port) throws IOException {
        return new TcpProxy(host, port);
    }

    public int port() {
        return port;
    }

    /** From now on the server is out of reach: open connections are closed, new ones refused. */
    public synchronized void cut() throws IOException {
        server.close();
        for (Socket socket : open) {
            closeQuietly(socket);
        }
        open.clear();
    }

    /** The server is reachable again, on the same port. */
    public synchronized void restore() throws IOException {
        if (server.isClosed()) {
            server = listen(port);
            accept(server);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        threads.shutdownNow();
    }

    private static ServerSocket listen(int port) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        return socket;
    }

    private void accept(ServerSocket listening) {
        threads.submit(() -> {
            while (!listening.isClosed()) {
                Socket client;
                try {
                    client = listening.accept();
                } catch (IOException closed) {
                    return;
                }
                try {
                    Socket upstream = new Socket(targetHost, targetPort);
                    open.add(client);
                    open.add(upstream);
                    threads.submit(() -> pump(client, upstream));
                    threads.submit(() -> pump(upstream, client));
                } catch (IOException e) {
                    closeQuietly(client);
                }
            }
        });
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException ended) {
            // either side closed, or the proxy was cut
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all that was wanted
        }
    }
}
