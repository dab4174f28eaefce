package no.dpe.tracker.emulator.amqp;

import org.apache.qpid.proton.amqp.messaging.Accepted;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.message.Message;

/**
 * The request half of a request/response node ($cbs, $management): each request is answered on the
 * connection's link whose target is the request's reply-to, correlated by the request's message-id.
 */
final class RequestLink implements LinkHandler {

    private static final int CREDIT = 100;

    private final Receiver receiver;
    private final RequestHandler node;
    private final AmqpConnection connection;

    RequestLink(Receiver receiver, RequestHandler node, AmqpConnection connection) {
        this.receiver = receiver;
        this.node = node;
        this.connection = connection;
    }

    @Override
    public void onOpen() {
        receiver.flow(CREDIT);
    }

    @Override
    public void onDelivery(Delivery delivery) {
        byte[] bytes = Transfers.take(receiver, delivery);
        if (bytes == null) {
            return;
        }
        Transfers.settle(receiver, delivery, Accepted.getInstance(), CREDIT);
        Message request = MessageCodec.decode(bytes);
        Message response = node.handle(request);
        response.setCorrelationId(request.getMessageId());
        if (request.getReplyTo() != null) {
            connection.reply(request.getReplyTo(), response);
        }
    }

    /** A node that answers requests. */
    interface RequestHandler {
        Message handle(Message request);
    }
}
