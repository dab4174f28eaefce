package no.dpe.tracker.emulator.amqp;

import java.util.ArrayList;
import java.util.List;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.amqp.messaging.Rejected;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;

import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.broker.BrokerException;
import no.dpe.tracker.emulator.broker.IncomingMessage;
import no.dpe.tracker.emulator.broker.MessageSink;

/** A link a client sends messages on, into a queue or a topic. */
final class IncomingLink implements LinkHandler {

    private static final int CREDIT = 500;
    private static final Symbol MESSAGE_SIZE_EXCEEDED = Symbol.valueOf("amqp:link:message-size-exceeded");
    private static final Symbol DECODE_ERROR = Symbol.valueOf("amqp:decode-error");

    private final Receiver receiver;
    private final MessageSink sink;
    private final Broker broker;
    private final int maxMessageSize;

    IncomingLink(Receiver receiver, MessageSink sink, Broker broker, int maxMessageSize) {
        this.receiver = receiver;
        this.sink = sink;
        this.broker = broker;
        this.maxMessageSize = maxMessageSize;
    }

    @Override
    public void onOpen() {
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        byte[] transfer = Transfers.take(receiver, delivery);
        if (transfer != null) {
            Transfers.settle(receiver, delivery, outcomeOf(transfer, delivery.getMessageFormat()), CREDIT);
        }
    }

    private DeliveryState outcomeOf(byte[] transfer, int messageFormat) {
        if (transfer.length > maxMessageSize) {
            return rejected(MESSAGE_SIZE_EXCEEDED, "The message of " + transfer.length + " bytes is larger than the"
                    + " maximum message size of " + maxMessageSize + " bytes on '" + sink.path() + "'.");
        }
        List<IncomingMessage> messages = new ArrayList<>();
        try {
            for (byte[] payload : MessageCodec.split(transfer, messageFormat)) {
                messages.add(MessageCodec.toIncoming(payload));
            }
        } catch (RuntimeException undecodable) {
            return rejected(DECODE_ERROR, "The message could not be decoded as AMQP 1.0: " + undecodable.getMessage());
        }
        try {
            sink.send(messages);
            broker.sent(sink.path(), messages.stream().map(IncomingMessage::messageId).toList());
            return Accepted.getInstance();
        } catch (BrokerException refused) {
            return rejected(Symbol.valueOf(refused.condition()), refused.getMessage());
        }
    }

    private static Rejected rejected(Symbol condition, String description) {
        Rejected rejected = new Rejected();
        rejected.setError(new ErrorCondition(condition, description));
        return rejected;
    }
}
