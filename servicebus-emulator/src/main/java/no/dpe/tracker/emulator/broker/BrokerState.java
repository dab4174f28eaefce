package no.dpe.tracker.emulator.broker;

import static no.dpe.tracker.emulator.broker.StateValues.readBytes;
import static no.dpe.tracker.emulator.broker.StateValues.readCount;
import static no.dpe.tracker.emulator.broker.StateValues.readDuration;
import static no.dpe.tracker.emulator.broker.StateValues.readInstant;
import static no.dpe.tracker.emulator.broker.StateValues.readString;
import static no.dpe.tracker.emulator.broker.StateValues.writeBytes;
import static no.dpe.tracker.emulator.broker.StateValues.writeDuration;
import static no.dpe.tracker.emulator.broker.StateValues.writeInstant;
import static no.dpe.tracker.emulator.broker.StateValues.writeString;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

import no.dpe.tracker.emulator.QueueOptions;

/**
 * The broker's whole state in one file, so that an emulator stopped cleanly starts again where it left off:
 * entities with their options, messages with everything the broker knows of them, duplicate-detection history,
 * session states and the last sequence number. Locks, consumers and session locks are not kept: no client
 * holding them survives the restart.
 *
 * <p>Format version 1, big-endian as {@link DataOutputStream} writes: the magic {@code "SBES"}, the version, the
 * broker's state, then a CRC-32 of everything before it. Property values a receiver set when it abandoned,
 * deferred or dead-lettered a message are kept if they are strings, numbers, booleans, characters, UUIDs or
 * timestamps; others (AMQP unsigned numbers, symbols, binary, decimals, lists, maps, arrays) are dropped with a
 * warning.
 */
public final class BrokerState {

    public static final String FILE_NAME = "servicebus-emulator.state";

    private static final System.Logger LOG = System.getLogger(BrokerState.class.getName());
    private static final int MAGIC = 0x53424553;
    private static final int VERSION = 1;
    private static final int HEADER_BYTES = 8;
    private static final int CHECKSUM_BYTES = 8;

    // Message statuses as written; part of the file format, so independent of the enum's order.
    private static final byte AVAILABLE = 0;
    private static final byte LOCKED = 1;
    private static final byte DEFERRED = 2;
    private static final byte SCHEDULED = 3;

    private final Broker broker;
    private final List<String> dropped = new ArrayList<>();
    private int messagesWritten;

    private BrokerState(Broker broker) {
        this.broker = broker;
    }

    /**
     * Writes the broker's state to {@code file}, replacing what was there only once the new state is safely on
     * disk: a crash while saving leaves the previous file. Call it on the broker's thread.
     *
     * @return the messages saved, dead-lettered ones included
     */
    public static int save(Broker broker, Path file) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        BrokerState state = new BrokerState(broker);
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                CRC32 checksum = new CRC32();
                // Not closed: that would close the channel before it is forced to disk.
                DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
                        new CheckedOutputStream(Channels.newOutputStream(channel), checksum), 1 << 16));
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                state.write(out);
                out.flush();
                ByteBuffer trailer = ByteBuffer.allocate(CHECKSUM_BYTES).putLong(checksum.getValue()).flip();
                while (trailer.hasRemaining()) {
                    channel.write(trailer);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            deleteQuietly(temporary);
            throw new UncheckedIOException("cannot save the emulator's state to " + file + ": " + e.getMessage(), e);
        }
        if (!state.dropped.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "saved the emulator's state to " + file + " without "
                    + state.dropped.size() + " modified properties whose types it cannot keep, such as "
                    + state.dropped.subList(0, Math.min(10, state.dropped.size())));
        }
        return state.messagesWritten;
    }

    /** The rename is durable only once the directory's entry is; some file systems cannot force a directory. */
    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notPossibleHere) {
            LOG.log(System.Logger.Level.DEBUG, "cannot force " + directory + ": " + notPossibleHere);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "cannot delete " + file + ": " + e);
        }
    }

    /**
     * Puts the state saved in {@code file} into {@code broker}, if the file exists. Entities the broker already
     * has keep their options; the others are declared with the saved ones. Fails, naming the file, if it is of
     * another version or damaged: starting empty instead would silently lose what it holds.
     */
    public static void restore(Broker broker, Path file) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException none) {
            return;
        } catch (IOException e) {
            throw unusable(file, "it cannot be read (" + e.getMessage() + ")", e);
        }
        try {
            DataInputStream in = new DataInputStream(
                    new ByteArrayInputStream(content, 0, Math.max(0, content.length - CHECKSUM_BYTES)));
            if (content.length < HEADER_BYTES + CHECKSUM_BYTES || in.readInt() != MAGIC) {
                throw unusable(file, "it is not a state file of the Service Bus emulator", null);
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw unusable(file, "it is in format version " + version + ", and this emulator reads version "
                        + VERSION + " only", null);
            }
            if (!checksumMatches(content)) {
                throw unusable(file, "it is damaged (its checksum does not match its content)", null);
            }
            new BrokerState(broker).read(in);
            if (in.available() > 0) {
                throw new IOException(in.available() + " bytes after the end of the state");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw unusable(file, "it is damaged or inconsistent (" + e.getMessage() + ")", e);
        }
    }

    private static boolean checksumMatches(byte[] content) {
        CRC32 checksum = new CRC32();
        checksum.update(content, 0, content.length - CHECKSUM_BYTES);
        return checksum.getValue() == ByteBuffer.wrap(content, content.length - CHECKSUM_BYTES, CHECKSUM_BYTES)
                .getLong();
    }

    private static IllegalStateException unusable(Path file, String why, Exception cause) {
        return new IllegalStateException("Cannot start from the saved state " + file.toAbsolutePath() + ": " + why
                + ". Move the file away to start with an empty emulator.", cause);
    }

    // ---- writing -------------------------------------------------------------------------------------------

    private void write(DataOutputStream out) throws IOException {
        out.writeLong(broker.lastSequenceNumber());
        out.writeInt(broker.queues().size());
        for (BrokerQueue queue : broker.queues()) {
            writeString(out, queue.path());
            writeOptions(out, queue.options());
            writeQueue(out, queue);
        }
        out.writeInt(broker.topics().size());
        for (Topic topic : broker.topics()) {
            writeString(out, topic.path());
            Map<String, BrokerQueue> subscriptions = topic.subscriptionsByName();
            out.writeInt(subscriptions.size());
            for (Map.Entry<String, BrokerQueue> subscription : subscriptions.entrySet()) {
                writeString(out, subscription.getKey());
                writeOptions(out, subscription.getValue().options());
                writeQueue(out, subscription.getValue());
            }
        }
    }

    private static void writeOptions(DataOutputStream out, QueueOptions options) throws IOException {
        writeDuration(out, options.lockDuration());
        out.writeInt(options.maxDeliveryCount());
        writeDuration(out, options.defaultTimeToLive());
        out.writeBoolean(options.deadLetteringOnExpiration());
        writeDuration(out, options.duplicateDetectionWindow());
        out.writeBoolean(options.requiresSession());
    }

    private void writeQueue(DataOutputStream out, BrokerQueue queue) throws IOException {
        out.writeInt(queue.storedMessages().size());
        messagesWritten += queue.storedMessages().size();
        for (StoredMessage message : queue.storedMessages()) {
            writeMessage(out, message);
        }
        Map<String, Instant> seen = queue.duplicateDetection().seen();
        out.writeInt(seen.size());
        for (Map.Entry<String, Instant> messageId : seen.entrySet()) {
            writeString(out, messageId.getKey());
            writeInstant(out, messageId.getValue());
        }
        Map<String, byte[]> sessionStates = queue.sessions().states();
        out.writeInt(sessionStates.size());
        for (Map.Entry<String, byte[]> session : sessionStates.entrySet()) {
            writeString(out, session.getKey());
            writeBytes(out, session.getValue());
        }
        BrokerQueue deadLetterQueue = queue.deadLetterQueue().orElse(null);
        out.writeBoolean(deadLetterQueue != null);
        if (deadLetterQueue != null) {
            writeQueue(out, deadLetterQueue);
        }
    }

    private void writeMessage(DataOutputStream out, StoredMessage message) throws IOException {
        out.writeLong(message.sequenceNumber);
        writeBytes(out, message.payload);
        writeString(out, message.messageId);
        writeString(out, message.sessionId);
        writeInstant(out, message.enqueuedTime);
        writeInstant(out, message.expiresAt);
        out.writeInt(message.deliveryCount);
        out.writeByte(switch (message.status) {
            case AVAILABLE -> AVAILABLE;
            case LOCKED -> LOCKED;
            case DEFERRED -> DEFERRED;
            case SCHEDULED -> SCHEDULED;
        });
        out.writeBoolean(message.deferred);
        writeInstant(out, message.scheduledEnqueueTime);
        writeDuration(out, message.pendingTimeToLive);
        writeString(out, message.deadLetterReason);
        writeString(out, message.deadLetterDescription);
        writeString(out, message.deadLetterSource);
        Map<String, Object> kept = new LinkedHashMap<>();
        message.propertiesToModify.forEach((name, value) -> {
            if (StateValues.canWrite(value)) {
                kept.put(name, value);
            } else {
                dropped.add(name + " (" + value.getClass().getName() + ", message " + message.sequenceNumber
                        + ")");
            }
        });
        out.writeInt(kept.size());
        for (Map.Entry<String, Object> property : kept.entrySet()) {
            writeString(out, property.getKey());
            StateValues.writeValue(out, property.getValue());
        }
    }

    // ---- reading -------------------------------------------------------------------------------------------

    private void read(DataInputStream in) throws IOException {
        long lastSequenceNumber = in.readLong();
        int queues = readCount(in);
        for (int i = 0; i < queues; i++) {
            String name = readName(in);
            QueueOptions options = readOptions(in);
            BrokerQueue queue = broker.findQueue(name).orElseGet(() -> broker.declareQueue(name, options));
            readQueue(in, queue);
        }
        int topics = readCount(in);
        for (int i = 0; i < topics; i++) {
            String topic = readName(in);
            int subscriptions = readCount(in);
            for (int j = 0; j < subscriptions; j++) {
                String name = readName(in);
                QueueOptions options = readOptions(in);
                String path = topic + "/subscriptions/" + name;
                if (broker.findQueue(path).isEmpty()) {
                    broker.declareSubscription(topic, name, options);
                }
                readQueue(in, broker.findQueue(path).orElseThrow());
            }
        }
        broker.continueSequenceAfter(lastSequenceNumber);
    }

    private static String readName(DataInputStream in) throws IOException {
        String name = readString(in);
        if (name == null) {
            throw new IOException("an entity without a name");
        }
        return name;
    }

    private static QueueOptions readOptions(DataInputStream in) throws IOException {
        Duration lockDuration = readDuration(in);
        if (lockDuration == null) {
            throw new IOException("an entity without a lock duration");
        }
        return new QueueOptions(lockDuration, in.readInt(), readDuration(in), in.readBoolean(), readDuration(in),
                in.readBoolean());
    }

    private void readQueue(DataInputStream in, BrokerQueue queue) throws IOException {
        int messages = readCount(in);
        for (int i = 0; i < messages; i++) {
            queue.restore(readMessage(in));
        }
        int seen = readCount(in);
        for (int i = 0; i < seen; i++) {
            queue.duplicateDetection().remember(readString(in), readInstant(in));
        }
        int sessionStates = readCount(in);
        for (int i = 0; i < sessionStates; i++) {
            queue.sessions().setState(readString(in), readBytes(in));
        }
        if (in.readBoolean()) {
            BrokerQueue deadLetterQueue = queue.deadLetterQueue()
                    .orElseThrow(() -> new IOException("a dead-letter queue under " + queue.path()));
            readQueue(in, deadLetterQueue);
        }
    }

    private static StoredMessage readMessage(DataInputStream in) throws IOException {
        long sequenceNumber = in.readLong();
        byte[] payload = readBytes(in);
        String messageId = readString(in);
        String sessionId = readString(in);
        Instant enqueuedTime = readInstant(in);
        Instant expiresAt = readInstant(in);
        StoredMessage message = new StoredMessage(sequenceNumber, payload, messageId, sessionId, enqueuedTime,
                expiresAt);
        message.deliveryCount = in.readInt();
        byte status = in.readByte();
        message.status = switch (status) {
            case AVAILABLE -> StoredMessage.Status.AVAILABLE;
            case LOCKED -> StoredMessage.Status.LOCKED;
            case DEFERRED -> StoredMessage.Status.DEFERRED;
            case SCHEDULED -> StoredMessage.Status.SCHEDULED;
            default -> throw new IOException("unknown status " + status + " of message " + sequenceNumber);
        };
        message.deferred = in.readBoolean();
        message.scheduledEnqueueTime = readInstant(in);
        message.pendingTimeToLive = readDuration(in);
        message.deadLetterReason = readString(in);
        message.deadLetterDescription = readString(in);
        message.deadLetterSource = readString(in);
        int properties = readCount(in);
        for (int i = 0; i < properties; i++) {
            message.propertiesToModify.put(readString(in), StateValues.readValue(in));
        }
        if (payload == null || enqueuedTime == null
                || (message.status == StoredMessage.Status.SCHEDULED && message.scheduledEnqueueTime == null)) {
            throw new IOException("message " + sequenceNumber + " lacks its payload, enqueued time or schedule");
        }
        return message;
    }
}
