package no.dpe.tracker.gateway.outbound;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.core.amqp.exception.AmqpErrorCondition;
import com.azure.core.amqp.exception.AmqpException;
import com.azure.messaging.servicebus.ServiceBusException;
import com.azure.messaging.servicebus.ServiceBusFailureReason;
import com.azure.messaging.servicebus.ServiceBusMessage;
import com.azure.messaging.servicebus.ServiceBusSenderClient;
import no.dpe.tracker.gateway.ServiceBusConnection;
import org.axonframework.common.ExceptionUtils;

/**
 * Publishes to Service Bus queues, one sender per queue, all on the connection's AMQP connection. Failures
 * are sorted into permanent (the queue does not exist, we are not authorised, the message is too large)
 * and transient (everything else: the caller retries).
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
        ServiceBusMessage message = new ServiceBusMessage(body)
                .setMessageId(serviceBusMessageId)
                .setContentType("application/json");
        try {
            sender(queue).sendMessage(message);
        } catch (RuntimeException e) {
            // a sender whose link failed is not reused
            ServiceBusSenderClient failed = senders.remove(queue);
            if (failed != null) {
                closeQuietly(failed);
            }
            throw new PublishException(isPermanent(e), "Could not publish to " + queue + ": " + describe(e), e);
        }
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
