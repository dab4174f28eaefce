package no.dpe.tracker.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.message.Message;

import no.dpe.tracker.emulator.amqp.AmqpServer;
import no.dpe.tracker.emulator.amqp.MessageCodec;
import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.broker.BrokerQueue;
import no.dpe.tracker.emulator.broker.BrokerState;
import no.dpe.tracker.emulator.broker.MessageSnapshot;
import no.dpe.tracker.emulator.cbs.SharedAccessSignatures;

/**
 * An in-memory Service Bus that the real Azure SDK talks to over AMQP, for tests and local development.
 * Without a {@linkplain Builder#dataDirectory data directory} messages live in memory only: everything is gone
 * when it stops. With one, {@link #close()} writes the broker's state there and the next start on that
 * directory reads it back, so messages survive a clean stop (the standalone emulator closes on SIGTERM and
 * Ctrl-C); a kill (SIGKILL) or a crash loses everything that arrived since the last clean stop.
 *
 * <pre>{@code
 * try (ServiceBusEmulator emulator = ServiceBusEmulator.builder()
 *         .keyName("gateway").key("secret")
 *         .queue("orders", QueueOptions.defaults().withMaxDeliveryCount(3))
 *         .start()) {
 *     ServiceBusClientBuilder clients = new ServiceBusClientBuilder()
 *             .connectionString(emulator.connectionString());
 *     ...
 * }
 * }</pre>
 */
public final class ServiceBusEmulator implements AutoCloseable {

    private final AmqpServer server;
    private final Broker broker;
    private final String host;
    private final String keyName;
    private final String key;
    private final QueueOptions defaults;
    private final Path stateFile;
    private volatile int savedMessages;

    private ServiceBusEmulator(AmqpServer server, Broker broker, String host, String keyName, String key,
            QueueOptions defaults, Path stateFile) {
        this.server = server;
        this.broker = broker;
        this.host = host;
        this.keyName = keyName;
        this.key = key;
        this.defaults = defaults;
        this.stateFile = stateFile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
    }

    /** The connection string for {@code ServiceBusClientBuilder.connectionString(...)}. */
    public String connectionString() {
        return "Endpoint=sb://" + host + ":" + port() + ";SharedAccessKeyName=" + keyName + ";SharedAccessKey=" + key
                + ";UseDevelopmentEmulator=true";
    }

    /** Declares a queue with the emulator's default queue options. */
    public void declareQueue(String name) {
        declareQueue(name, defaults);
    }

    /** Declares a queue, or changes the options of one that exists (its messages stay). */
    public void declareQueue(String name, QueueOptions options) {
        server.call(() -> broker.declareQueue(name, options));
    }

    public void declareSubscription(String topic, String subscription) {
        declareSubscription(topic, subscription, defaults);
    }

    /** Declares a subscription, and its topic if new. Subscriptions take every message: there are no filters. */
    public void declareSubscription(String topic, String subscription, QueueOptions options) {
        server.call(() -> {
            broker.declareSubscription(topic, subscription, options);
            return null;
        });
    }

    /** Messages a receiver could get now or holds locked: neither deferred, nor scheduled, nor dead-lettered. */
    public int activeMessageCount(String entity) {
        return server.call(() -> queue(entity).activeMessageCount());
    }

    public int scheduledMessageCount(String entity) {
        return server.call(() -> queue(entity).scheduledMessageCount());
    }

    public int deferredMessageCount(String entity) {
        return server.call(() -> queue(entity).deferredMessageCount());
    }

    /** Messages in the dead-letter queue of a queue or of a subscription ({@code topic/subscriptions/name}). */
    public int deadLetterCount(String entity) {
        return server.call(() -> deadLetterQueue(entity).messages().size());
    }

    /** The dead-letter queue's messages, oldest first, without removing them. */
    public List<DeadLetteredMessage> peekDeadLetters(String entity) {
        List<MessageSnapshot> snapshots = server.call(() -> deadLetterQueue(entity).messages());
        List<DeadLetteredMessage> messages = new ArrayList<>();
        for (MessageSnapshot snapshot : snapshots) {
            messages.add(new DeadLetteredMessage(bodyOf(MessageCodec.decode(snapshot.payload())),
                    snapshot.messageId(), snapshot.deadLetterReason(), snapshot.deadLetterDescription(),
                    snapshot.deliveryCount()));
        }
        return messages;
    }

    private BrokerQueue queue(String entity) {
        return broker.findQueue(entity)
                .orElseThrow(() -> new IllegalArgumentException("no queue or subscription '" + entity + "'"));
    }

    private BrokerQueue deadLetterQueue(String entity) {
        return queue(entity).deadLetterQueue()
                .orElseThrow(() -> new IllegalArgumentException("'" + entity + "' has no dead-letter queue"));
    }

    private static byte[] bodyOf(Message message) {
        if (message.getBody() instanceof Data data) {
            Binary binary = data.getValue();
            byte[] bytes = new byte[binary.getLength()];
            System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
            return bytes;
        }
        if (message.getBody() instanceof AmqpValue value) {
            return String.valueOf(value.getValue()).getBytes(StandardCharsets.UTF_8);
        }
        return new byte[0];
    }

    /** The file the state is saved in and started from; empty without a data directory. */
    public Optional<Path> stateFile() {
        return Optional.ofNullable(stateFile);
    }

    /**
     * Stops listening. Without a data directory every message is dropped. With one, the broker's state is saved
     * there once no client can change it any more, so nothing the emulator acknowledged is left out.
     *
     * @throws java.io.UncheckedIOException if the state cannot be saved
     * @throws IllegalStateException if the emulator's thread is stuck (in an {@link Builder#onSend} listener,
     *                               say) and so the state cannot be read to be saved
     */
    @Override
    public void close() {
        if (stateFile == null) {
            server.close();
        } else {
            server.close(() -> savedMessages = BrokerState.save(broker, stateFile));
        }
    }

    /** How many messages the last {@link #close} saved to the data directory, dead-lettered ones included. */
    public int savedMessages() {
        return savedMessages;
    }

    /** Configures and starts an emulator. Defaults: 127.0.0.1, a free port, Azure's queue defaults. */
    public static final class Builder {

        private String host = "127.0.0.1";
        private int port;
        private String keyName = "RootManageSharedAccessKey";
        private String key = "SAS_KEY_VALUE";
        private QueueOptions defaults = QueueOptions.defaults();
        private boolean autoCreate;
        private int maxMessageSize = 1024 * 1024;
        private final Map<String, QueueOptions> queues = new LinkedHashMap<>();
        private final List<String[]> subscriptions = new ArrayList<>();
        private final List<QueueOptions> subscriptionOptions = new ArrayList<>();
        private BiConsumer<String, List<String>> sendListener;
        private Path dataDirectory;

        private Builder() {
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder keyName(String keyName) {
            this.keyName = Objects.requireNonNull(keyName);
            return this;
        }

        public Builder key(String key) {
            this.key = Objects.requireNonNull(key);
            return this;
        }

        /** Options for queues declared without their own and for queues created on first use. */
        public Builder defaultQueueOptions(QueueOptions options) {
            this.defaults = Objects.requireNonNull(options);
            return this;
        }

        public Builder queue(String name) {
            queues.put(name, null);
            return this;
        }

        public Builder queue(String name, QueueOptions options) {
            queues.put(name, Objects.requireNonNull(options));
            return this;
        }

        public Builder subscription(String topic, String subscription) {
            return subscription(topic, subscription, null);
        }

        public Builder subscription(String topic, String subscription, QueueOptions options) {
            subscriptions.add(new String[] {topic, subscription});
            subscriptionOptions.add(options);
            return this;
        }

        /** Whether a queue that does not exist is created, with the default options, when a client uses it. */
        public Builder autoCreate(boolean autoCreate) {
            this.autoCreate = autoCreate;
            return this;
        }

        /** The largest message (or batch) a sender may transfer, advertised to clients; 1 MiB by default. */
        public Builder maxMessageSize(int maxMessageSize) {
            if (maxMessageSize < 1024) {
                throw new IllegalArgumentException("maxMessageSize must be at least 1024 bytes");
            }
            this.maxMessageSize = maxMessageSize;
            return this;
        }

        /**
         * Tells {@code listener} of each transfer a sender makes: the entity and the MessageIds it carried (an entry
         * is {@code null} for a message without one). It is called on the emulator's only thread once the messages
         * are on the queue (or dropped as duplicates) and before the sender is told they were accepted, so a test
         * can stop the sending process in the moment between the two. While it runs, the emulator does nothing
         * else: it should be quick, or mean to stall the broker.
         */
        public Builder onSend(BiConsumer<String, List<String>> listener) {
            this.sendListener = Objects.requireNonNull(listener);
            return this;
        }

        /**
         * Where the emulator keeps its state across a clean stop: {@link #close()} saves it there, in one file,
         * and a start on the same directory restores it before it listens. Entities declared on this builder
         * keep the options given here; others in the file (created on first use, say) keep their saved ones.
         * Locks do not survive: a message locked at the stop comes back as if its lock had expired. Created if
         * missing. Without one (the default), nothing is saved.
         */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory);
            return this;
        }

        /**
         * Starts the emulator.
         *
         * @throws IllegalStateException if the data directory's saved state is of another version or damaged
         */
        public ServiceBusEmulator start() {
            Broker broker = new Broker(Clock.systemUTC(), defaults, autoCreate);
            if (sendListener != null) {
                broker.onSend(sendListener);
            }
            queues.forEach((name, options) -> broker.declareQueue(name, options == null ? defaults : options));
            for (int i = 0; i < subscriptions.size(); i++) {
                QueueOptions options = subscriptionOptions.get(i);
                broker.declareSubscription(subscriptions.get(i)[0], subscriptions.get(i)[1],
                        options == null ? defaults : options);
            }
            Path stateFile = dataDirectory == null ? null : stateFileIn(dataDirectory);
            if (stateFile != null) {
                BrokerState.restore(broker, stateFile);
            }
            AmqpServer server = AmqpServer.start(broker, new SharedAccessSignatures(keyName, key), maxMessageSize,
                    host, port);
            String advertised = "0.0.0.0".equals(host) ? "127.0.0.1" : host;
            return new ServiceBusEmulator(server, broker, advertised, keyName, key, defaults, stateFile);
        }

        /** Fails now rather than at the stop, when it would be too late to keep anything. */
        private static Path stateFileIn(Path directory) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the data directory " + directory, e);
            }
            if (!Files.isWritable(directory)) {
                throw new IllegalArgumentException("the data directory " + directory + " is not writable");
            }
            return directory.resolve(BrokerState.FILE_NAME);
        }
    }
}
