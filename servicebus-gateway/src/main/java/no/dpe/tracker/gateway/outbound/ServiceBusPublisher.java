package no.dpe.tracker.gateway.outbound;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusMessageBatch;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import no.dpe.tracker.gateway.ServiceBusConnection;
import org.axonframework.common.ExceptionUtils;

/**
 * Publishes to Service Bus queues, one sender per queue, all on the connection's AMQP connection. Failures
 * are sorted into permanent (the queue does not exist, we are not authorised, the message is too large)
 * and transient (everything else: the caller retries).
 *
 * <p>Several messages for one queue go as SDK batches ({@link #publishAll}): one AMQP transfer, and one answer to
 * wait for, per batch instead of per message. Service Bus takes or refuses a batch as a whole, so a permanent
 * refusal of a batch is narrowed down by sending its messages one by one: only the message at fault fails.
 */
public class ServiceBusPublisher implements AutoCloseable {

    private static final Set<ServiceBusFailureReason> PERMANENT_REASONS = Set.of(
            ServiceBusFailureReason.MESSAGING_ENTITY_NOT_FOUND,
            ServiceBusFailureReason.MESSAGING_ENTITY_DISABLED,
            ServiceBusFailureReason.UNAUTHORIZED,
            ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED);
    private static final Set<AmqpErrorCondition> PERMANENT_CONDITIONS = EnumSet.of(
            AmqpErrorCondition.NOT_FOUND,
            AmqpErrorCondition.UNAUTHORIZED_ACCESS,
            AmqpErrorCondition.ENTITY_DISABLED_ERROR,
            AmqpErrorCondition.LINK_PAYLOAD_SIZE_EXCEEDED);

    private final ServiceBusConnection connection;
    private final Map<String, ServiceBusSenderClient> senders = new ConcurrentHashMap<>();

    public ServiceBusPublisher(ServiceBusConnection connection) {
        this.connection = connection;
    }

    /**
     * Sends one message. {@code serviceBusMessageId} lets duplicate detection drop a republished copy.
     *
     * @throws PublishException when it could not be sent
     */
    public void publish(String queue, String serviceBusMessageId, byte[] body) {
        try {
            sender(queue).sendMessage(message(new Outgoing(serviceBusMessageId, body)));
        } catch (RuntimeException e) {
            throw failed(queue, e);
        }
    }

    /** A message to publish: its Service Bus MessageId (duplicate detection drops a republished copy) and body. */
    public record Outgoing(String serviceBusMessageId, byte[] body) {
    }

    /** A message Service Bus will never take, and why. */
    public record Refused(Outgoing message, PublishException reason) {
    }

    /**
     * Sends messages to one queue, in their order, in as few SDK batches as they fit in.
     *
     * @return the messages refused for good (too large, the queue missing, not authorised); all others are on the
     *         queue
     * @throws PublishException (transient) when a batch could not be sent for now: some earlier batches may be on
     *                          the queue, so the caller sends them all again, under the same MessageIds
     */
    public List<Refused> publishAll(String queue, List<Outgoing> messages) {
        List<Refused> refused = new ArrayList<>();
        List<Outgoing> inBatch = new ArrayList<>();
        ServiceBusMessageBatch batch = null;
        for (int i = 0; i < messages.size(); i++) {
            Outgoing outgoing = messages.get(i);
            try {
                if (batch == null) {
                    batch = createBatch(queue);
                }
                Added added = tryAdd(queue, batch, outgoing, refused);
                if (added == Added.FULL) {
                    sendBatch(queue, batch, inBatch, refused);
                    inBatch.clear();
                    batch = createBatch(queue);
                    added = tryAdd(queue, batch, outgoing, refused);
                }
                if (added == Added.YES) {
                    inBatch.add(outgoing);
                }
            } catch (PublishException e) {
                if (!e.isPermanent()) {
                    throw e;
                }
                // no sender for the queue (it does not exist, we may not send to it): none of them will go
                messages.subList(i, messages.size()).forEach(unsent -> refused.add(new Refused(unsent, e)));
                return refused;
            }
        }
        if (!inBatch.isEmpty()) {
            sendBatch(queue, batch, inBatch, refused);
        }
        return refused;
    }

    private enum Added { YES, FULL, REFUSED }

    /** Adds to the batch; a message too large even for an empty batch is added to {@code refused} instead. */
    private Added tryAdd(String queue, ServiceBusMessageBatch batch, Outgoing outgoing, List<Refused> refused) {
        try {
            if (batch.tryAddMessage(message(outgoing))) {
                return Added.YES;
            }
        } catch (RuntimeException e) {
            // the SDK throws when the message alone overflows the link's maximum message size
            refused.add(new Refused(outgoing, failure(queue, e)));
            return Added.REFUSED;
        }
        if (batch.getCount() > 0) {
            return Added.FULL;
        }
        refused.add(new Refused(outgoing, new PublishException(true, "Could not publish to " + queue + ": "
                + ServiceBusFailureReason.MESSAGE_SIZE_EXCEEDED + " (the message of " + outgoing.body().length
                + " bytes does not fit in the largest batch of " + batch.getMaxSizeInBytes() + " bytes)", null)));
        return Added.REFUSED;
    }

    private void sendBatch(String queue, ServiceBusMessageBatch batch, List<Outgoing> inBatch,
                           List<Refused> refused) {
        try {
            sender(queue).sendMessages(batch);
        } catch (RuntimeException e) {
            PublishException failure = failed(queue, e);
            if (!failure.isPermanent()) {
                throw failure;
            }
            if (inBatch.size() == 1) {
                refused.add(new Refused(inBatch.get(0), failure));
                return;
            }
            for (Outgoing outgoing : inBatch) {
                try {
                    publish(queue, outgoing.serviceBusMessageId(), outgoing.body());
                } catch (PublishException alone) {
                    if (!alone.isPermanent()) {
                        throw alone;
                    }
                    refused.add(new Refused(outgoing, alone));
                }
            }
        }
    }

    private ServiceBusMessageBatch createBatch(String queue) {
        try {
            return sender(queue).createMessageBatch();
        } catch (RuntimeException e) {
            throw failed(queue, e);
        }
    }

    private static ServiceBusMessage message(Outgoing outgoing) {
        return new ServiceBusMessage(outgoing.body())
                .setMessageId(outgoing.serviceBusMessageId())
                .setContentType("application/json");
    }

    /** The failure as the caller sees it, the sender (whose link failed) not reused. */
    private PublishException failed(String queue, RuntimeException e) {
        ServiceBusSenderClient failed = senders.remove(queue);
        if (failed != null) {
            closeQuietly(failed);
        }
        return failure(queue, e);
    }

    private static PublishException failure(String queue, RuntimeException e) {
        return new PublishException(isPermanent(e), "Could not publish to " + queue + ": " + describe(e), e);
    }

    private ServiceBusSenderClient sender(String queue) {
        return senders.computeIfAbsent(queue, name -> connection.builder().sender().queueName(name).buildClient());
    }

    static boolean isPermanent(Throwable failure) {
        if (ExceptionUtils.findException(failure, ServiceBusException.class)
                .map(e -> PERMANENT_REASONS.contains(e.getReason())).orElse(false)) {
            return true;
        }
        return ExceptionUtils.findException(failure, AmqpException.class)
                .map(e -> e.getErrorCondition() != null && PERMANENT_CONDITIONS.contains(e.getErrorCondition()))
                .orElse(false);
    }

    private static String describe(Throwable failure) {
        return ExceptionUtils.findException(failure, ServiceBusException.class)
                .map(e -> e.getReason() + " (" + firstLine(e.getMessage()) + ")")
                .orElseGet(() -> firstLine(failure.getMessage()));
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no description";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }

    @Override
    public void close() {
        senders.values().forEach(ServiceBusPublisher::closeQuietly);
        senders.clear();
    }

    private static void closeQuietly(ServiceBusSenderClient sender) {
        try {
            sender.close();
        } catch (RuntimeException ignored) {
            // closing a broken link may fail again; nothing to do about it
        }
    }

}
