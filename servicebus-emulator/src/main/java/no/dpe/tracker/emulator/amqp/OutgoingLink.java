package no.dpe.tracker.emulator.amqp;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Modified;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.messaging.Released;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.amqp.transport.SenderSettleMode;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;

import no.dpe.tracker.emulator.broker.BrokerException;
import no.dpe.tracker.emulator.broker.BrokerQueue;
import no.dpe.tracker.emulator.broker.Consumer;
import no.dpe.tracker.emulator.broker.MessageSnapshot;

/**
 * A link a client receives messages on. Peek-locked deliveries are tagged with their lock token and settled
 * when the client's disposition arrives: the broker answers with the same kind of outcome, settled, which is
 * what the SDK waits for.
 */
final class OutgoingLink implements Consumer, LinkHandler {

    private final Sender sender;
    private final BrokerQueue queue;
    private final boolean settlesOnDelivery;
    private long nextTag;
    private boolean detached;

    OutgoingLink(Sender sender, BrokerQueue queue) {
        this.sender = sender;
        this.queue = queue;
        this.settlesOnDelivery = sender.getRemoteSenderSettleMode() == SenderSettleMode.SETTLED;
    }

    @Override
    public int credit() {
        if (detached || sender.getLocalState() != EndpointState.ACTIVE) {
            return 0;
        }
        return sender.getCredit();
    }

    @Override
    public boolean settlesOnDelivery() {
        return settlesOnDelivery;
    }

    @Override
    public void deliver(MessageSnapshot message) {
        byte[] bytes = MessageCodec.encodeForReceiver(message);
        byte[] tag = message.lockToken() != null
                ? MessageCodec.toDeliveryTag(message.lockToken())
                : ByteBuffer.allocate(Long.BYTES).putLong(++nextTag).array();
        Delivery delivery = sender.delivery(tag);
        sender.send(bytes, 0, bytes.length);
        sender.advance();
        if (settlesOnDelivery) {
            delivery.settle();
        } else {
            delivery.setContext(message.lockToken());
        }
    }

    @Override
    public void sessionLockLost(String sessionId) {
        detached = true;
        sender.setContext(null);
        sender.setCondition(new ErrorCondition(Symbol.valueOf(BrokerException.SESSION_LOCK_LOST),
                "The session lock on '" + sessionId + "' expired; accept the session again."));
        sender.close();
    }

    @Override
    public void onFlow() {
        queue.dispatch();
        if (sender.getDrain() && sender.getCredit() > 0) {
            sender.drained();
        }
    }

    @Override
    public void onDelivery(Delivery delivery) {
        if (delivery.isSettled() || !(delivery.getContext() instanceof UUID lockToken)) {
            return;
        }
        DeliveryState outcome = delivery.getRemoteState();
        if (outcome == null) {
            if (delivery.remotelySettled()) {
                // Settled without an outcome: the client gave the message up; it is released.
                settle(delivery, lockToken, Released.getInstance());
            }
            return;
        }
        settle(delivery, lockToken, outcome);
    }

    private void settle(Delivery delivery, UUID lockToken, DeliveryState outcome) {
        DeliveryState answer = outcome;
        try {
            apply(lockToken, outcome);
        } catch (BrokerException refused) {
            Rejected rejected = new Rejected();
            rejected.setError(new ErrorCondition(Symbol.valueOf(refused.condition()), refused.getMessage()));
            answer = rejected;
        }
        delivery.disposition(answer);
        delivery.settle();
        queue.dispatch();
    }

    private void apply(UUID lockToken, DeliveryState outcome) {
        if (outcome instanceof Accepted) {
            queue.complete(lockToken);
        } else if (outcome instanceof Released) {
            queue.release(lockToken);
        } else if (outcome instanceof Modified modified) {
            Map<String, Object> properties = stringKeys(modified.getMessageAnnotations());
            if (Boolean.TRUE.equals(modified.getUndeliverableHere())) {
                queue.defer(lockToken, properties);
            } else {
                queue.abandon(lockToken, properties);
            }
        } else if (outcome instanceof Rejected rejected) {
            ErrorCondition error = rejected.getError();
            Map<String, Object> info = error == null ? Map.of() : stringKeys(error.getInfo());
            Map<String, Object> properties = new HashMap<>(info);
            Object reason = properties.remove(MessageCodec.DEAD_LETTER_REASON);
            Object description = properties.remove(MessageCodec.DEAD_LETTER_DESCRIPTION);
            queue.deadLetter(lockToken, reason == null ? null : reason.toString(),
                    description == null ? null : description.toString(), properties);
        } else {
            throw new BrokerException(BrokerException.NOT_ALLOWED, "Unsupported outcome " + outcome + ".");
        }
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        Map<String, Object> result = new HashMap<>();
        if (map != null) {
            map.forEach((key, value) -> result.put(String.valueOf(key), value));
        }
        return result;
    }

    @Override
    public void onDetach() {
        if (!detached) {
            detached = true;
            queue.detach(this);
        }
    }
}
