package no.dpe.tracker.gateway.deadletter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusReceivedMessage;
import com.azure.messaging.servicebus.ServiceBusReceiverClient;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import com.azure.messaging.servicebus.models.ServiceBusReceiveMode;
import com.azure.messaging.servicebus.models.SubQueue;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.InvalidWireMessageException;
import no.dpe.tracker.gateway.ServiceBusConnection;
import no.dpe.tracker.gateway.WireMessage;

/**
 * The dead-letter queues of the queues we receive on, for an administrator: what lies there and why, and taking a
 * message out again, back onto its queue to be tried again (once what refused it is mended) or away for good.
 * A message is found by its sequence number; finding one means receiving the dead letters ahead of it under lock
 * and giving them back, so a scan stops after {@link #MOST_SCANNED}.
 */
public class DeadLetterQueues {

    /** The most dead letters looked at to find one, and listed per queue. */
    public static final int MOST_SCANNED = 1000;
    private static final Duration WAIT = Duration.ofSeconds(2);

    private final ServiceBusConnection connection;
    private final List<String> queues;

    /** @param queues the queues we receive on; their dead letters are the ones offered */
    public DeadLetterQueues(ServiceBusConnection connection, List<String> queues) {
        this.connection = connection;
        this.queues = List.copyOf(queues);
    }

    /**
     * A dead-lettered message: where and why, and what its SBD says it is (absent when the body is not a DPE message
     * at all). The body itself is not shown: an innsynskrav carries a citizen's address.
     */
    public record Letter(String queue, long sequenceNumber, String serviceBusMessageId, String reason,
                         String description, Instant enqueuedAt, long deliveryCount, String documentType,
                         String messageId, String conversationId) {
    }

    public List<String> queues() {
        return queues;
    }

    /** The dead letters of every queue we receive on, oldest first, at most {@link #MOST_SCANNED} per queue. */
    public List<Letter> list() {
        List<Letter> letters = new ArrayList<>();
        for (String queue : queues) {
            try (ServiceBusReceiverClient receiver = deadLetters(queue, ServiceBusReceiveMode.PEEK_LOCK)) {
                long next = 0;
                int listed = 0;
                while (listed < MOST_SCANNED) {
                    List<ServiceBusReceivedMessage> page = receiver.peekMessages(Math.min(100, MOST_SCANNED - listed),
                            next).stream().toList();
                    if (page.isEmpty()) {
                        break;
                    }
                    page.forEach(message -> letters.add(letter(queue, message)));
                    listed += page.size();
                    next = page.get(page.size() - 1).getSequenceNumber() + 1;
                }
            }
        }
        return letters;
    }

    /**
     * Puts the dead letter back on its queue as a new message with the same body and properties (and a MessageId of
     * its own, which duplicate detection would otherwise drop), and removes it from the dead-letter queue.
     *
     * @return the letter as it was, or empty when the queue holds no such dead letter
     */
    public Optional<Letter> resubmit(String queue, long sequenceNumber) {
        return take(queue, sequenceNumber, message -> {
            ServiceBusMessage copy = new ServiceBusMessage(message.getBody())
                    .setMessageId(UUID.randomUUID().toString())
                    .setContentType(message.getContentType());
            copy.getApplicationProperties().putAll(message.getApplicationProperties());
            copy.getApplicationProperties().put("dpe-resubmitted-from", String.valueOf(message.getMessageId()));
            try (ServiceBusSenderClient sender = connection.builder().sender().queueName(queue).buildClient()) {
                sender.sendMessage(copy);
            }
        });
    }

    /** Removes the dead letter for good; empty when the queue holds no such dead letter. */
    public Optional<Letter> discard(String queue, long sequenceNumber) {
        return take(queue, sequenceNumber, message -> { });
    }

    private Optional<Letter> take(String queue, long sequenceNumber, Consumer<ServiceBusReceivedMessage> first) {
        if (!queues.contains(queue)) {
            return Optional.empty();
        }
        List<ServiceBusReceivedMessage> passed = new ArrayList<>();
        try (ServiceBusReceiverClient receiver = deadLetters(queue, ServiceBusReceiveMode.PEEK_LOCK)) {
            try {
                while (passed.size() < MOST_SCANNED) {
                    List<ServiceBusReceivedMessage> batch = receiver.receiveMessages(100, WAIT).stream().toList();
                    if (batch.isEmpty()) {
                        return Optional.empty();
                    }
                    for (ServiceBusReceivedMessage message : batch) {
                        if (message.getSequenceNumber() == sequenceNumber) {
                            first.accept(message);
                            receiver.complete(message);
                            // the others of the batch go back below
                            batch.stream().filter(other -> other != message).forEach(passed::add);
                            return Optional.of(letter(queue, message));
                        }
                    }
                    passed.addAll(batch);
                }
                return Optional.empty();
            } finally {
                passed.forEach(receiver::abandon);
            }
        }
    }

    private ServiceBusReceiverClient deadLetters(String queue, ServiceBusReceiveMode mode) {
        return connection.builder().receiver().queueName(queue).subQueue(SubQueue.DEAD_LETTER_QUEUE)
                .receiveMode(mode).disableAutoComplete().buildClient();
    }

    private static Letter letter(String queue, ServiceBusReceivedMessage message) {
        String documentType = null;
        String messageId = null;
        String conversationId = null;
        try {
            Sbd sbd = WireMessage.parse(message.getBody().toBytes()).sbd();
            documentType = sbd.documentType().map(type -> type.type()).orElse(null);
            messageId = sbd.messageId().orElse(null);
            conversationId = sbd.conversationId().orElse(null);
        } catch (InvalidWireMessageException | RuntimeException notDpe) {
            // a body that is no DPE message at all: its reason says so
        }
        return new Letter(queue, message.getSequenceNumber(), message.getMessageId(), message.getDeadLetterReason(),
                message.getDeadLetterErrorDescription(), message.getEnqueuedTime() == null ? null
                : message.getEnqueuedTime().toInstant(), message.getDeliveryCount(), documentType, messageId,
                conversationId);
    }
}
