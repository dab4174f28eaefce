package no.dpe.tracker.emulator.amqp;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Collector;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Event;
import org.apache.qpid.proton.engine.Link;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.engine.TransportException;
import org.apache.qpid.proton.message.Message;

import no.dpe.tracker.emulator.broker.Broker;
import no.dpe.tracker.emulator.broker.BrokerException;
import no.dpe.tracker.emulator.broker.BrokerQueue;
import no.dpe.tracker.emulator.cbs.Authorizations;
import no.dpe.tracker.emulator.cbs.SharedAccessSignatures;

/**
 * One client connection: proton's engine over a socket, and the routing of each link the client attaches to
 * the node it addresses ({@code $cbs}, an entity's {@code $management}, a queue, a subscription, a DLQ).
 */
final class AmqpConnection {

    private static final System.Logger LOG = System.getLogger(AmqpConnection.class.getName());
    static final String CBS = "$cbs";
    private static final String MANAGEMENT_SUFFIX = "/$management";
    static final Symbol SESSION_FILTER = Symbol.valueOf("com.microsoft:session-filter");
    static final Symbol LOCKED_UNTIL_UTC = Symbol.valueOf("com.microsoft:locked-until-utc");
    /** A link property (how long the client waits for the attach) and the error when that time runs out. */
    private static final Symbol TIMEOUT = Symbol.valueOf("com.microsoft:timeout");
    private static final Symbol UNAUTHORIZED = Symbol.valueOf("amqp:unauthorized-access");
    private static final long DEFAULT_SESSION_WAIT_MILLIS = 30_000;

    private final SocketChannel channel;
    private final SelectionKey key;
    private final Broker broker;
    private final SharedAccessSignatures signatures;
    private final int maxMessageSize;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Collector collector = Proton.collector();
    private final Sasl sasl;
    private final Authorizations authorizations = new Authorizations();
    private final Map<String, Sender> replyLinks = new HashMap<>();
    private final List<PendingSessionLink> pendingSessionLinks = new ArrayList<>();
    private boolean socketClosed;
    private boolean inputFailed;
    private long replies;

    AmqpConnection(SocketChannel channel, SelectionKey key, Broker broker, SharedAccessSignatures signatures,
            int maxMessageSize) {
        this.channel = channel;
        this.key = key;
        this.broker = broker;
        this.signatures = signatures;
        this.maxMessageSize = maxMessageSize;
        sasl = transport.sasl();
        sasl.server();
        // The SDK in emulator mode offers ANONYMOUS; authorisation happens per entity through $cbs.
        sasl.setMechanisms("ANONYMOUS", "PLAIN", "MSSBCBS");
        connection.collect(collector);
        transport.bind(connection);
    }

    // ---- socket I/O ----------------------------------------------------------------------------------------

    void readable() throws IOException {
        int capacity = transport.capacity();
        if (capacity < 0) {
            closeSocket();
            return;
        }
        if (capacity == 0) {
            return;
        }
        ByteBuffer tail = transport.tail();
        int read = channel.read(tail);
        if (read < 0) {
            transport.close_tail();
        } else if (read > 0) {
            try {
                transport.process();
            } catch (TransportException malformed) {
                // proton has queued a close frame naming the error when it could; it goes out before the socket
                // is closed.
                LOG.log(System.Logger.Level.DEBUG, "malformed input: " + malformed.getMessage());
                inputFailed = true;
            }
        }
    }

    void pump() throws IOException {
        if (socketClosed) {
            return;
        }
        if (sasl.getOutcome() == Sasl.SaslOutcome.PN_SASL_NONE && sasl.getRemoteMechanisms().length > 0) {
            sasl.done(Sasl.SaslOutcome.PN_SASL_OK);
        }
        Event event;
        while ((event = collector.peek()) != null) {
            try {
                handle(event);
            } catch (RuntimeException bug) {
                failLink(event, bug);
            } finally {
                collector.pop();
            }
        }
        write();
    }

    /** A failure while serving one link closes that link, with the reason, and leaves the connection up. */
    private void failLink(Event event, RuntimeException cause) {
        LOG.log(System.Logger.Level.WARNING, "failed to handle " + event.getType(), cause);
        Link link = event.getLink();
        if (link == null) {
            throw cause;
        }
        if (link.getContext() instanceof LinkHandler handler) {
            handler.onDetach();
            link.setContext(null);
        }
        link.setCondition(new ErrorCondition(Symbol.valueOf("amqp:internal-error"),
                "The emulator failed: " + cause));
        link.close();
    }

    private void write() throws IOException {
        while (true) {
            int pending = transport.pending();
            if (pending < 0) {
                closeSocket();
                return;
            }
            if (pending == 0 && inputFailed) {
                closeSocket();
                return;
            }
            if (pending == 0) {
                key.interestOps(SelectionKey.OP_READ);
                return;
            }
            int written = channel.write(transport.head());
            if (written == 0) {
                // The socket buffer is full; the selector wakes the loop when it drains.
                key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
                return;
            }
            transport.pop(written);
        }
    }

    void tick(long nowMillis) {
        if (socketClosed) {
            return;
        }
        transport.tick(nowMillis);
        retryPendingSessionLinks();
    }

    void closeSocket() {
        if (socketClosed) {
            return;
        }
        socketClosed = true;
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "error closing socket: " + e);
        }
    }

    boolean isFinished() {
        return socketClosed;
    }

    /** Gives back what this connection's receivers held in the broker: consumers, sessions. */
    void release() {
        for (Link link = connection.linkHead(null, null); link != null; link = link.next(null, null)) {
            if (link.getContext() instanceof LinkHandler handler) {
                handler.onDetach();
                link.setContext(null);
            }
        }
        pendingSessionLinks.clear();
    }

    // ---- proton events -------------------------------------------------------------------------------------

    private void handle(Event event) {
        switch (event.getType()) {
            case CONNECTION_REMOTE_OPEN -> {
                connection.setContainer("servicebus-emulator");
                connection.open();
            }
            case CONNECTION_REMOTE_CLOSE -> connection.close();
            case SESSION_REMOTE_OPEN -> event.getSession().open();
            case SESSION_REMOTE_CLOSE -> closeSession(event.getSession());
            case LINK_REMOTE_OPEN -> attach(event.getLink());
            case LINK_REMOTE_DETACH, LINK_REMOTE_CLOSE -> detach(event.getLink(), event.getType());
            case LINK_FLOW -> {
                if (event.getLink().getContext() instanceof LinkHandler handler) {
                    handler.onFlow();
                }
            }
            case DELIVERY -> {
                Delivery delivery = event.getDelivery();
                if (delivery.getLink().getContext() instanceof LinkHandler handler) {
                    handler.onDelivery(delivery);
                }
            }
            case TRANSPORT_CLOSED -> closeSocket();
            default -> {
                // other events need no action from a broker
            }
        }
    }

    private void closeSession(Session session) {
        for (Link link = connection.linkHead(null, null); link != null; link = link.next(null, null)) {
            if (link.getSession() == session && link.getContext() instanceof LinkHandler handler) {
                handler.onDetach();
                link.setContext(null);
                link.close();
            }
        }
        session.close();
        session.free();
    }

    private void detach(Link link, Event.Type type) {
        if (link.getContext() instanceof LinkHandler handler) {
            handler.onDetach();
            link.setContext(null);
        }
        pendingSessionLinks.removeIf(pending -> pending.link() == link);
        replyLinks.values().remove(link);
        if (type == Event.Type.LINK_REMOTE_CLOSE) {
            link.close();
        } else {
            link.detach();
        }
        // proton keeps the link until its detach is written; freeing stops a long-lived connection collecting them.
        link.free();
    }

    // ---- link routing --------------------------------------------------------------------------------------

    private void attach(Link link) {
        if (link.getLocalState() != EndpointState.UNINITIALIZED) {
            return;
        }
        link.setSenderSettleMode(link.getRemoteSenderSettleMode());
        link.setReceiverSettleMode(link.getRemoteReceiverSettleMode());
        try {
            if (link instanceof Receiver receiver) {
                attachIncoming(receiver);
            } else {
                attachOutgoing((Sender) link);
            }
        } catch (BrokerException refused) {
            refuse(link, Symbol.valueOf(refused.condition()), refused.getMessage());
        }
    }

    /** A link the client sends on: to $cbs, to a management node, or to an entity. */
    private void attachIncoming(Receiver receiver) {
        if (receiver.getRemoteTarget() != null && !(receiver.getRemoteTarget() instanceof Target)) {
            refuse(receiver, Symbol.valueOf("amqp:not-implemented"),
                    "The emulator does not support transactions (the link targets a transaction coordinator).");
            return;
        }
        Target target = (Target) receiver.getRemoteTarget();
        String address = target == null ? null : target.getAddress();
        if (address == null) {
            refuse(receiver, Symbol.valueOf(BrokerException.INVALID_FIELD), "The link has no target address.");
            return;
        }
        receiver.setTarget(target);
        receiver.setSource(receiver.getRemoteSource());
        if (CBS.equals(address)) {
            open(receiver, new RequestLink(receiver, new CbsNode(signatures, authorizations, broker), this));
            return;
        }
        if (!isAuthorized(receiver, address)) {
            return;
        }
        if (address.endsWith(MANAGEMENT_SUFFIX)) {
            String entity = address.substring(0, address.length() - MANAGEMENT_SUFFIX.length());
            broker.requireEntity(entity);
            open(receiver, new RequestLink(receiver, new ManagementNode(broker, entity), this));
            return;
        }
        IncomingLink link = new IncomingLink(receiver, broker.sendTarget(address), broker, maxMessageSize);
        receiver.setMaxMessageSize(UnsignedLong.valueOf(maxMessageSize));
        open(receiver, link);
    }

    /** A link the client receives on: replies from $cbs or a management node, or messages from an entity. */
    private void attachOutgoing(Sender sender) {
        Source source = (Source) sender.getRemoteSource();
        String address = source == null ? null : source.getAddress();
        if (address == null) {
            refuse(sender, Symbol.valueOf(BrokerException.INVALID_FIELD), "The link has no source address.");
            return;
        }
        sender.setTarget(sender.getRemoteTarget());
        if (CBS.equals(address) || address.endsWith(MANAGEMENT_SUFFIX)) {
            if (!CBS.equals(address) && !isAuthorized(sender, address)) {
                return;
            }
            sender.setSource(source);
            Target replyTo = (Target) sender.getRemoteTarget();
            if (replyTo != null && replyTo.getAddress() != null) {
                replyLinks.put(replyTo.getAddress(), sender);
            }
            sender.open();
            return;
        }
        if (!isAuthorized(sender, address)) {
            return;
        }
        BrokerQueue queue = broker.receiveSource(address);
        OutgoingLink consumer = new OutgoingLink(sender, queue);
        Map<?, ?> filter = source.getFilter();
        if (filter != null && filter.containsKey(SESSION_FILTER)) {
            Object requested = filter.get(SESSION_FILTER);
            PendingSessionLink pending = new PendingSessionLink(sender, consumer, queue,
                    requested == null ? null : requested.toString(), System.currentTimeMillis() + waitMillis(sender));
            if (!tryAcceptSession(pending)) {
                // Service Bus holds a request for "the next session" open until one is free or the link's
                // timeout passes.
                pendingSessionLinks.add(pending);
            }
            return;
        }
        sender.setSource(source);
        queue.attach(consumer);
        open(sender, consumer);
        queue.dispatch();
    }

    /** Opens a session receiver once a session is locked to it; false while no session is free. */
    private boolean tryAcceptSession(PendingSessionLink pending) {
        try {
            var accepted = pending.queue().acceptSession(pending.consumer(), pending.sessionId());
            if (accepted.isEmpty()) {
                return false;
            }
            String sessionId = accepted.get();
            Source source = (Source) ((Source) pending.link().getRemoteSource()).copy();
            Map<Symbol, Object> filter = new HashMap<>();
            filter.put(SESSION_FILTER, sessionId);
            source.setFilter(filter);
            pending.link().setSource(source);
            Map<Symbol, Object> properties = new HashMap<>();
            properties.put(LOCKED_UNTIL_UTC, DotNetTicks.of(pending.queue().sessionLockedUntil(sessionId)));
            pending.link().setProperties(properties);
            open(pending.link(), pending.consumer());
            pending.queue().dispatch();
            return true;
        } catch (BrokerException refused) {
            refuse(pending.link(), Symbol.valueOf(refused.condition()), refused.getMessage());
            return true;
        }
    }

    private void retryPendingSessionLinks() {
        long now = System.currentTimeMillis();
        Iterator<PendingSessionLink> waiting = pendingSessionLinks.iterator();
        while (waiting.hasNext()) {
            PendingSessionLink pending = waiting.next();
            if (tryAcceptSession(pending)) {
                waiting.remove();
            } else if (now >= pending.deadlineMillis()) {
                waiting.remove();
                refuse(pending.link(), TIMEOUT, "No session was available on '" + pending.queue().path()
                        + "' within the link's timeout.");
            }
        }
    }

    private static long waitMillis(Link link) {
        Map<Symbol, Object> properties = link.getRemoteProperties();
        if (properties != null && properties.get(TIMEOUT) instanceof UnsignedInteger timeout) {
            return timeout.longValue();
        }
        return DEFAULT_SESSION_WAIT_MILLIS;
    }

    private boolean isAuthorized(Link link, String address) {
        if (authorizations.allows(address, broker.now())) {
            return true;
        }
        refuse(link, UNAUTHORIZED, "Unauthorized access to '" + address + "': no valid token was put on $cbs"
                + " for it on this connection.");
        return false;
    }

    private static void open(Link link, LinkHandler handler) {
        link.setContext(handler);
        link.open();
        handler.onOpen();
    }

    /** AMQP refuses a link by attaching without a terminus and detaching at once with the reason. */
    private static void refuse(Link link, Symbol condition, String description) {
        link.setContext(null);
        if (link instanceof Sender) {
            link.setSource(null);
        } else {
            link.setTarget(null);
        }
        link.open();
        link.setCondition(new ErrorCondition(condition, description));
        link.close();
    }

    void reply(String replyTo, Message response) {
        Sender sender = replyLinks.get(replyTo);
        if (sender == null) {
            LOG.log(System.Logger.Level.DEBUG, "no reply link for " + replyTo);
            return;
        }
        byte[] bytes = MessageCodec.encode(response);
        Delivery delivery = sender.delivery(Long.toString(++replies).getBytes(StandardCharsets.US_ASCII));
        sender.send(bytes, 0, bytes.length);
        sender.advance();
        delivery.settle();
    }

    private record PendingSessionLink(Sender link, OutgoingLink consumer, BrokerQueue queue, String sessionId,
            long deadlineMillis) {
    }
}
