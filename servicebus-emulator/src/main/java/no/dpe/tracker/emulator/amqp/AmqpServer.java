package no.dpe.tracker.emulator.amqp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.cbs.SharedAccessSignatures;

/**
 * Serves AMQP over plain TCP with proton-j's engine on one event-loop thread. The broker lives on that thread
 * too, so competing consumers on different connections are serialised without locks; other threads reach the
 * broker through {@link #call}. Timers (locks, time-to-live, scheduled messages, heartbeats) run on the loop.
 */
public final class AmqpServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(AmqpServer.class.getName());
    private static final long TICK_MILLIS = 25;

    private final Broker broker;
    private final SharedAccessSignatures signatures;
    private final int maxMessageSize;
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread loop;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<AmqpConnection> connections = new ArrayList<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean running = true;
    private volatile Runnable lastWork = () -> { };
    private volatile boolean stopping;

    private AmqpServer(Broker broker, SharedAccessSignatures signatures, int maxMessageSize, String host, int port)
            throws IOException {
        this.broker = broker;
        this.signatures = signatures;
        this.maxMessageSize = maxMessageSize;
        this.selector = Selector.open();
        this.server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(host, port));
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        this.loop = new Thread(this::run, "servicebus-emulator-" + port());
        loop.setDaemon(true);
    }

    /** Binds {@code host:port} (0 for any free port) and starts serving. */
    public static AmqpServer start(Broker broker, SharedAccessSignatures signatures, int maxMessageSize, String host,
            int port) {
        try {
            AmqpServer server = new AmqpServer(broker, signatures, maxMessageSize, host, port);
            server.loop.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port, e);
        }
    }

    public int port() {
        return server.socket().getLocalPort();
    }

    /** Runs {@code work} on the event loop, where the broker lives, and waits for its result. */
    public <T> T call(Callable<T> work) {
        if (Thread.currentThread() == loop) {
            try {
                return work.call();
            } catch (Exception e) {
                throw rethrow(e);
            }
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        tasks.add(() -> {
            try {
                result.complete(work.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        selector.wakeup();
        while (true) {
            try {
                return result.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (!loop.isAlive()) {
                    throw new IllegalStateException("the emulator has stopped");
                }
            } catch (ExecutionException e) {
                throw rethrow(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the emulator", e);
            }
        }
    }

    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e);
    }

    private void run() {
        long lastTick = 0;
        while (running) {
            try {
                selector.select(TICK_MILLIS);
                runTasks();
                handleReadyKeys();
                long now = System.currentTimeMillis();
                if (now - lastTick >= TICK_MILLIS) {
                    lastTick = now;
                    broker.tick();
                    connections.forEach(connection -> connection.tick(now));
                }
                pumpAll();
            } catch (IOException | RuntimeException e) {
                // One bad event must not take the broker down for everyone else.
                LOG.log(System.Logger.Level.WARNING, "event loop error", e);
            }
        }
        stopping = true;
        stopListening();
        try {
            lastWork.run();
            stopped.complete(null);
        } catch (Throwable e) {
            stopped.completeExceptionally(e);
        }
    }

    /** Refuses new connections and drops the open ones, so nothing can change the broker after this. */
    private void stopListening() {
        connections.forEach(AmqpConnection::closeSocket);
        connections.clear();
        try {
            server.close();
            // Closed channels stay registered, and their ports bound, until the selector next selects.
            selector.selectNow();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error while closing: " + e);
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void handleReadyKeys() throws IOException {
        Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
        while (ready.hasNext()) {
            SelectionKey key = ready.next();
            ready.remove();
            if (!key.isValid()) {
                continue;
            }
            if (key.isAcceptable()) {
                accept();
                continue;
            }
            AmqpConnection connection = (AmqpConnection) key.attachment();
            try {
                if (key.isReadable()) {
                    connection.readable();
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "connection failed", e);
                connection.closeSocket();
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.socket().setTcpNoDelay(true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            AmqpConnection connection = new AmqpConnection(channel, key, broker, signatures, maxMessageSize);
            key.attach(connection);
            connections.add(connection);
        }
    }

    private void pumpAll() {
        Iterator<AmqpConnection> all = connections.iterator();
        while (all.hasNext()) {
            AmqpConnection connection = all.next();
            try {
                connection.pump();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "connection failed", e);
                connection.closeSocket();
            }
            if (connection.isFinished()) {
                connection.release();
                all.remove();
            }
        }
    }

    @Override
    public void close() {
        stop(null);
    }

    /**
     * Stops serving and then runs {@code work} on the event loop, where the broker can be read safely: no
     * connection is left to change it. Returns when {@code work} is done; its failure, or its not having run
     * because the loop was stuck, is thrown here.
     */
    public void close(Runnable work) {
        stop(Objects.requireNonNull(work));
    }

    private void stop(Runnable work) {
        if (!running) {
            return;
        }
        if (work != null) {
            lastWork = work;
        }
        running = false;
        selector.wakeup();
        try {
            loop.join(5_000);
            if (stopping) {
                // Saving a large broker may take longer than a stuck loop is given; it is not stuck.
                loop.join();
            }
            server.close();
            selector.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (work != null) {
                throw new IllegalStateException("interrupted while the emulator was stopping, before its work on"
                        + " stopping was done", e);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error while closing: " + e);
        }
        if (work == null) {
            return;
        }
        if (!stopped.isDone()) {
            throw new IllegalStateException("the emulator's event loop did not stop within 5 s, so its work on"
                    + " stopping was not done");
        }
        try {
            stopped.join();
        } catch (CompletionException failed) {
            throw rethrow(failed.getCause());
        }
    }
}
