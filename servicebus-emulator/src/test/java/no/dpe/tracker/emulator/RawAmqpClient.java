package no.dpe.tracker.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.UnsignedLong;
import org.apache.qpid.proton.amqp.messaging.AmqpValue;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.DeliveryState;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.Delivery;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Sasl;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;
import org.apache.qpid.proton.message.Message;

/**
 * A bare AMQP client on proton's engine, for what the SDK will not do: send messages larger than the broker
 * advertises, attach without a token, or attach to any address.
 */
final class RawAmqpClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Transport transport = Proton.transport();
    private final Connection connection = Proton.connection();
    private final Session session;
    private Receiver cbsReplies;
    private long nextTag;

    RawAmqpClient(int port) throws IOException {
        this(port, 0);
    }

    /** With an idle timeout, the client drops the connection if the broker stays silent for that long. */
    RawAmqpClient(int port, int idleTimeoutMillis) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(50);
        in = socket.getInputStream();
        out = socket.getOutputStream();
        Sasl sasl = transport.sasl();
        sasl.client();
        sasl.setMechanisms("ANONYMOUS");
        transport.setIdleTimeout(idleTimeoutMillis);
        transport.bind(connection);
        connection.setHostname("127.0.0.1");
        connection.open();
        session = connection.session();
        session.open();
        await(() -> connection.getRemoteState() == EndpointState.ACTIVE);
    }

    /** Puts a token on $cbs and returns the response's statusCode. */
    int putToken(String audience, String token) {
        if (cbsReplies == null) {
            Sender requests = session.sender("cbs-requests");
            Target target = new Target();
            target.setAddress("$cbs");
            requests.setTarget(target);
            requests.setSource(new Source());
            requests.open();
            cbsReplies = session.receiver("cbs-replies");
            Source source = new Source();
            source.setAddress("$cbs");
            cbsReplies.setSource(source);
            Target replyTo = new Target();
            replyTo.setAddress("cbs-client-reply-to");
            cbsReplies.setTarget(replyTo);
            cbsReplies.open();
            cbsReplies.flow(10);
            await(() -> requests.getRemoteState() == EndpointState.ACTIVE
                    && cbsReplies.getRemoteState() == EndpointState.ACTIVE && requests.getCredit() > 0);
        }
        Message request = Message.Factory.create();
        request.setMessageId(UnsignedLong.valueOf(1));
        request.setReplyTo("cbs-client-reply-to");
        Map<String, Object> properties = new HashMap<>();
        properties.put("operation", "put-token");
        properties.put("type", "servicebus.windows.net:sastoken");
        properties.put("name", audience);
        request.setApplicationProperties(new ApplicationProperties(properties));
        request.setBody(new AmqpValue(token));
        Sender requests = (Sender) session.getConnection().linkHead(null, null);
        while (!"cbs-requests".equals(requests.getName())) {
            requests = (Sender) requests.next(null, null);
        }
        send(requests, request);
        await(() -> cbsReplies.current() != null && !cbsReplies.current().isPartial());
        Delivery reply = cbsReplies.current();
        byte[] bytes = new byte[reply.pending()];
        cbsReplies.recv(bytes, 0, bytes.length);
        cbsReplies.advance();
        reply.settle();
        Message response = Message.Factory.create();
        response.decode(bytes, 0, bytes.length);
        return (Integer) response.getApplicationProperties().getValue().get("statusCode");
    }

    /** Attaches a sending link and waits for the broker's answer; the link tells whether it was refused. */
    Sender attachSender(String address) {
        Sender sender = session.sender("sender-" + address + "-" + (++nextTag));
        Target target = new Target();
        target.setAddress(address);
        sender.setTarget(target);
        sender.setSource(new Source());
        sender.open();
        await(() -> sender.getRemoteState() != EndpointState.UNINITIALIZED);
        await(() -> sender.getRemoteTarget() == null ? sender.getRemoteState() == EndpointState.CLOSED
                : sender.getCredit() > 0 || sender.getRemoteState() == EndpointState.CLOSED);
        return sender;
    }

    static ErrorCondition refusal(Sender sender) {
        return sender.getRemoteCondition();
    }

    /** Sends a message with a Data body of {@code size} bytes and returns the broker's outcome. */
    DeliveryState sendBytes(Sender sender, int size) {
        Message message = Message.Factory.create();
        message.setBody(new Data(new Binary(new byte[size])));
        Delivery delivery = send(sender, message);
        await(() -> delivery.getRemoteState() != null);
        return delivery.getRemoteState();
    }

    private Delivery send(Sender sender, Message message) {
        byte[] buffer = new byte[message.getBody() instanceof Data data ? data.getValue().getLength() + 4096 : 4096];
        int length = message.encode(buffer, 0, buffer.length);
        Delivery delivery = sender.delivery(Long.toString(++nextTag).getBytes());
        sender.send(buffer, 0, length);
        sender.advance();
        return delivery;
    }

    private void await(BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("the broker did not answer in time");
            }
            pump();
        }
    }

    /** Keeps the connection going for a while, as an idle client would, and says whether it is still open. */
    boolean staysOpenFor(Duration duration) {
        Instant until = Instant.now().plus(duration);
        while (Instant.now().isBefore(until)) {
            pump();
            if (connection.getRemoteState() != EndpointState.ACTIVE
                    || connection.getLocalState() != EndpointState.ACTIVE || transport.getCondition() != null) {
                return false;
            }
        }
        return true;
    }

    private void pump() {
        transport.tick(System.currentTimeMillis());
        try {
            while (transport.pending() > 0) {
                ByteBuffer head = transport.head();
                byte[] bytes = new byte[head.remaining()];
                head.get(bytes);
                out.write(bytes);
                transport.pop(bytes.length);
            }
            out.flush();
            byte[] bytes = new byte[65536];
            int read;
            try {
                read = in.read(bytes);
            } catch (SocketTimeoutException nothingYet) {
                return;
            }
            if (read < 0) {
                transport.close_tail();
                return;
            }
            int offset = 0;
            while (offset < read) {
                ByteBuffer tail = transport.tail();
                int chunk = Math.min(tail.remaining(), read - offset);
                tail.put(bytes, offset, chunk);
                transport.process();
                offset += chunk;
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Writes bytes past the engine, as a broken client would, and returns all the broker sends until it hangs up. */
    byte[] writeRawAndReadUntilClosed(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        socket.setSoTimeout(5_000);
        java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        int read;
        while ((read = in.read(buffer)) >= 0) {
            received.write(buffer, 0, read);
        }
        return received.toByteArray();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
