package no.dpe.tracker.emulator.amqp;

import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.qpid.proton.amqp.Binary;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.UnsignedInteger;
import org.apache.qpid.proton.amqp.messaging.ApplicationProperties;
import org.apache.qpid.proton.amqp.messaging.Data;
import org.apache.qpid.proton.amqp.messaging.Header;
import org.apache.qpid.proton.amqp.messaging.MessageAnnotations;
import org.apache.qpid.proton.codec.AMQPDefinedTypes;
import org.apache.qpid.proton.codec.DecoderImpl;
import org.apache.qpid.proton.codec.EncoderImpl;
import org.apache.qpid.proton.message.Message;

import no.dpe.tracker.emulator.broker.IncomingMessage;
import no.dpe.tracker.emulator.broker.MessageSnapshot;

/** Translates between AMQP messages on the wire and the broker's messages. */
public final class MessageCodec {

    /** {@code sendMessages} wraps several messages in one transfer of this format, one Data section each. */
    static final int BATCH_MESSAGE_FORMAT = 0x80013700;

    static final Symbol SEQUENCE_NUMBER = Symbol.valueOf("x-opt-sequence-number");
    static final Symbol ENQUEUED_TIME = Symbol.valueOf("x-opt-enqueued-time");
    static final Symbol LOCKED_UNTIL = Symbol.valueOf("x-opt-locked-until");
    static final Symbol LOCK_TOKEN = Symbol.valueOf("x-opt-lock-token");
    static final Symbol MESSAGE_STATE = Symbol.valueOf("x-opt-message-state");
    static final Symbol SCHEDULED_ENQUEUE_TIME = Symbol.valueOf("x-opt-scheduled-enqueue-time");
    static final Symbol DEAD_LETTER_SOURCE = Symbol.valueOf("x-opt-deadletter-source");
    static final String DEAD_LETTER_REASON = "DeadLetterReason";
    static final String DEAD_LETTER_DESCRIPTION = "DeadLetterErrorDescription";

    private MessageCodec() {
    }

    /** The messages in one transfer: one, or each Data section of a batch. */
    static List<byte[]> split(byte[] transfer, int messageFormat) {
        if (messageFormat != BATCH_MESSAGE_FORMAT) {
            return List.of(transfer);
        }
        // proton's Message.decode keeps only the last body section, so the sections are walked here.
        DecoderImpl decoder = new DecoderImpl();
        EncoderImpl encoder = new EncoderImpl(decoder);
        AMQPDefinedTypes.registerAllTypes(decoder, encoder);
        ByteBuffer buffer = ByteBuffer.wrap(transfer);
        decoder.setByteBuffer(buffer);
        List<byte[]> messages = new ArrayList<>();
        while (buffer.hasRemaining()) {
            if (decoder.readObject() instanceof Data data) {
                Binary binary = data.getValue();
                byte[] bytes = new byte[binary.getLength()];
                System.arraycopy(binary.getArray(), binary.getArrayOffset(), bytes, 0, bytes.length);
                messages.add(bytes);
            }
        }
        return messages;
    }

    public static Message decode(byte[] payload) {
        Message message = Message.Factory.create();
        message.decode(payload, 0, payload.length);
        return message;
    }

    static IncomingMessage toIncoming(byte[] payload) {
        return toIncoming(payload, decode(payload));
    }

    static IncomingMessage toIncoming(byte[] payload, Message message) {
        Object messageId = message.getMessageId();
        Duration timeToLive = message.getHeader() != null && message.getHeader().getTtl() != null
                ? Duration.ofMillis(message.getHeader().getTtl().longValue())
                : null;
        Instant scheduled = null;
        if (message.getMessageAnnotations() != null
                && message.getMessageAnnotations().getValue().get(SCHEDULED_ENQUEUE_TIME) instanceof Date date) {
            scheduled = date.toInstant();
        }
        return new IncomingMessage(payload, messageId == null ? null : messageId.toString(), message.getGroupId(),
                timeToLive, scheduled);
    }

    /** The sender's message with what Service Bus adds on the way out: header, broker annotations, DLQ reason. */
    static byte[] encodeForReceiver(MessageSnapshot snapshot) {
        Message message = decode(snapshot.payload());
        Header header = message.getHeader() == null ? new Header() : message.getHeader();
        header.setDeliveryCount(UnsignedInteger.valueOf(snapshot.deliveryCount()));
        if (header.getDurable() == null) {
            header.setDurable(false);
        }
        message.setHeader(header);

        Map<Symbol, Object> annotations = new HashMap<>();
        if (message.getMessageAnnotations() != null && message.getMessageAnnotations().getValue() != null) {
            annotations.putAll(message.getMessageAnnotations().getValue());
        }
        annotations.put(SEQUENCE_NUMBER, snapshot.sequenceNumber());
        annotations.put(ENQUEUED_TIME, Date.from(snapshot.enqueuedTime()));
        annotations.put(MESSAGE_STATE, snapshot.state().ordinal());
        if (snapshot.lockToken() != null) {
            annotations.put(LOCK_TOKEN, snapshot.lockToken());
            annotations.put(LOCKED_UNTIL, Date.from(snapshot.lockedUntil()));
        }
        if (snapshot.deadLetterSource() != null) {
            annotations.put(DEAD_LETTER_SOURCE, snapshot.deadLetterSource());
        }
        message.setMessageAnnotations(new MessageAnnotations(annotations));

        if (!snapshot.propertiesToModify().isEmpty() || snapshot.deadLetterReason() != null) {
            Map<String, Object> properties = new HashMap<>();
            if (message.getApplicationProperties() != null && message.getApplicationProperties().getValue() != null) {
                properties.putAll(message.getApplicationProperties().getValue());
            }
            properties.putAll(snapshot.propertiesToModify());
            if (snapshot.deadLetterReason() != null) {
                properties.put(DEAD_LETTER_REASON, snapshot.deadLetterReason());
            }
            if (snapshot.deadLetterDescription() != null) {
                properties.put(DEAD_LETTER_DESCRIPTION, snapshot.deadLetterDescription());
            }
            message.setApplicationProperties(new ApplicationProperties(properties));
        }
        return encode(message);
    }

    static byte[] encode(Message message) {
        int size = 1024;
        while (true) {
            byte[] buffer = new byte[size];
            try {
                int length = message.encode(buffer, 0, size);
                if (length < size) {
                    byte[] exact = new byte[length];
                    System.arraycopy(buffer, 0, exact, 0, length);
                    return exact;
                }
            } catch (BufferOverflowException tooSmall) {
                // grow and try again
            }
            size *= 4;
        }
    }

    /** Lock tokens travel as delivery tags in .NET's GUID byte order: the first 4, 2 and 2 bytes reversed. */
    static byte[] toDeliveryTag(UUID lockToken) {
        ByteBuffer javaOrder = ByteBuffer.allocate(16)
                .putLong(lockToken.getMostSignificantBits())
                .putLong(lockToken.getLeastSignificantBits());
        byte[] bytes = javaOrder.array();
        reverse(bytes, 0, 4);
        reverse(bytes, 4, 2);
        reverse(bytes, 6, 2);
        return bytes;
    }

    private static void reverse(byte[] bytes, int from, int length) {
        for (int i = 0; i < length / 2; i++) {
            byte swap = bytes[from + i];
            bytes[from + i] = bytes[from + length - 1 - i];
            bytes[from + length - 1 - i] = swap;
        }
    }
}
