package no.dpe.tracker.emulator.amqp;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.message.Message;

import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.broker.BrokerException;
import no.dpe.tracker.emulator.broker.BrokerQueue;
import no.dpe.tracker.emulator.broker.IncomingMessage;
import no.dpe.tracker.emulator.broker.MessageSnapshot;

/**
 * An entity's {@code $management} node: the operations the SDK performs outside links (lock renewal, peek,
 * scheduling, deferred messages, settlement by lock token, session lock and state).
 */
final class ManagementNode implements RequestLink.RequestHandler {

    private static final String VENDOR = "com.microsoft:";

    private final Broker broker;
    private final String entity;

    ManagementNode(Broker broker, String entity) {
        this.broker = broker;
        this.entity = entity;
    }

    @Override
    public Message handle(Message request) {
        String operation = Responses.applicationProperty(request, "operation");
        Map<?, ?> body = request.getBody() instanceof AmqpValue value && value.getValue() instanceof Map<?, ?> map
                ? map
                : Map.of();
        try {
            return switch (operation == null ? "" : operation) {
                case VENDOR + "renew-lock" -> renewLock(body);
                case VENDOR + "peek-message" -> peek(body);
                case VENDOR + "schedule-message" -> schedule(body);
                case VENDOR + "cancel-scheduled-message" -> cancelScheduled(body);
                case VENDOR + "update-disposition" -> updateDisposition(body);
                case VENDOR + "receive-by-sequence-number" -> receiveBySequenceNumber(body);
                case VENDOR + "renew-session-lock" -> renewSessionLock(body);
                case VENDOR + "get-session-state" -> getSessionState(body);
                case VENDOR + "set-session-state" -> setSessionState(body);
                default -> Responses.error(Responses.NOT_IMPLEMENTED, "amqp:not-implemented",
                        "The emulator does not support the management operation '" + operation + "'.");
            };
        } catch (BrokerException refused) {
            return Responses.error(statusOf(refused.condition()), refused.condition(), refused.getMessage());
        } catch (RuntimeException malformed) {
            return Responses.error(Responses.BAD_REQUEST, BrokerException.INVALID_FIELD,
                    "Malformed '" + operation + "' request: " + malformed);
        }
    }

    private static int statusOf(String condition) {
        return switch (condition) {
            case BrokerException.NOT_FOUND, BrokerException.MESSAGE_NOT_FOUND -> Responses.NOT_FOUND;
            case BrokerException.MESSAGE_LOCK_LOST, BrokerException.SESSION_LOCK_LOST -> Responses.GONE;
            default -> Responses.BAD_REQUEST;
        };
    }

    private BrokerQueue queue() {
        return broker.receiveSource(entity);
    }

    private Message renewLock(Map<?, ?> body) {
        BrokerQueue queue = queue();
        List<Object> tokens = elements(body.get("lock-tokens"));
        Date[] expirations = new Date[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            expirations[i] = Date.from(queue.renewLock((UUID) tokens.get(i)));
        }
        return Responses.success(Responses.OK, Map.of("expirations", expirations));
    }

    private Message peek(Map<?, ?> body) {
        long from = ((Number) body.get("from-sequence-number")).longValue();
        int count = ((Number) body.get("message-count")).intValue();
        String sessionId = (String) body.get("session-id");
        List<MessageSnapshot> peeked = queue().peek(from, count, sessionId);
        if (peeked.isEmpty()) {
            return Responses.error(Responses.NO_CONTENT, null, "No messages to peek.");
        }
        return Responses.success(Responses.OK, Map.of("messages", encoded(peeked)));
    }

    private Message schedule(Map<?, ?> body) {
        List<IncomingMessage> messages = new ArrayList<>();
        for (Object entry : elements(body.get("messages"))) {
            Binary binary = (Binary) ((Map<?, ?>) entry).get("message");
            byte[] payload = new byte[binary.getLength()];
            System.arraycopy(binary.getArray(), binary.getArrayOffset(), payload, 0, payload.length);
            messages.add(MessageCodec.toIncoming(payload));
        }
        // An array of boxed longs: proton cannot encode a long[] nested in a map, and the client decodes either
        // as an AMQP array of long.
        Long[] sequenceNumbers = Arrays.stream(broker.sendTarget(entity).schedule(messages)).boxed()
                .toArray(Long[]::new);
        return Responses.success(Responses.OK, Map.of("sequence-numbers", sequenceNumbers));
    }

    private Message cancelScheduled(Map<?, ?> body) {
        broker.sendTarget(entity).cancelScheduled(longs(body.get("sequence-numbers")));
        return Responses.success(Responses.OK, Map.of());
    }

    private Message updateDisposition(Map<?, ?> body) {
        BrokerQueue queue = queue();
        String status = (String) body.get("disposition-status");
        Map<String, Object> properties = new HashMap<>();
        if (body.get("properties-to-modify") instanceof Map<?, ?> modify) {
            modify.forEach((key, value) -> properties.put(String.valueOf(key), value));
        }
        for (Object token : elements(body.get("lock-tokens"))) {
            UUID lockToken = (UUID) token;
            switch (status) {
                case "completed" -> queue.complete(lockToken);
                case "abandoned" -> queue.abandon(lockToken, properties);
                case "defered", "deferred" -> queue.defer(lockToken, properties);
                case "suspended" -> queue.deadLetter(lockToken, (String) body.get("deadletter-reason"),
                        (String) body.get("deadletter-description"), properties);
                default -> throw new BrokerException(BrokerException.INVALID_FIELD,
                        "Unknown disposition-status '" + status + "'.");
            }
        }
        return Responses.success(Responses.OK, Map.of());
    }

    private Message receiveBySequenceNumber(Map<?, ?> body) {
        boolean receiveAndDelete = body.get("receiver-settle-mode") instanceof UnsignedInteger mode
                && mode.intValue() == 0;
        List<MessageSnapshot> received = queue().receiveDeferred(longs(body.get("sequence-numbers")),
                !receiveAndDelete, (String) body.get("session-id"));
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MessageSnapshot snapshot : received) {
            Map<String, Object> entry = new HashMap<>();
            entry.put("message", new Binary(MessageCodec.encodeForReceiver(snapshot)));
            if (snapshot.lockToken() != null) {
                entry.put("lock-token", snapshot.lockToken());
            }
            messages.add(entry);
        }
        return Responses.success(Responses.OK, Map.of("messages", messages));
    }

    private Message renewSessionLock(Map<?, ?> body) {
        String sessionId = (String) body.get("session-id");
        return Responses.success(Responses.OK, Map.of("expiration", Date.from(queue().renewSessionLock(sessionId))));
    }

    private Message getSessionState(Map<?, ?> body) {
        byte[] state = queue().sessionState((String) body.get("session-id"));
        Map<String, Object> response = new HashMap<>();
        response.put("session-state", state == null ? null : new Binary(state));
        return Responses.success(Responses.OK, response);
    }

    private Message setSessionState(Map<?, ?> body) {
        Object state = body.get("session-state");
        byte[] bytes = null;
        if (state instanceof Binary binary) {
            bytes = new byte[binary.getLength()];
            System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
        }
        queue().setSessionState((String) body.get("session-id"), bytes);
        return Responses.success(Responses.OK, Map.of());
    }

    private static List<Map<String, Object>> encoded(List<MessageSnapshot> snapshots) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (MessageSnapshot snapshot : snapshots) {
            messages.add(Map.of("message", new Binary(MessageCodec.encodeForReceiver(snapshot))));
        }
        return messages;
    }

    /** AMQP arrays decode to Java arrays (of objects or primitives), lists to lists; both are accepted. */
    private static List<Object> elements(Object value) {
        List<Object> elements = new ArrayList<>();
        if (value instanceof Iterable<?> iterable) {
            iterable.forEach(elements::add);
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0; i < Array.getLength(value); i++) {
                elements.add(Array.get(value, i));
            }
        }
        return elements;
    }

    private static long[] longs(Object value) {
        return elements(value).stream().mapToLong(element -> ((Number) element).longValue()).toArray();
    }
}
