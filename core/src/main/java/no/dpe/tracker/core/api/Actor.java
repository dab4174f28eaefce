package no.dpe.tracker.core.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.axonframework.messaging.MetaData;

/**
 * Who did it: the one place the metadata keys that name the actor of a command are defined. Every command carries
 * them, and every event it raises keeps them beside its payload, so an auditor reading the history years later sees
 * who (or what) caused each fact. The values are flat strings, absent when they do not apply, and never a secret:
 * no password, no token, no key.
 *
 * <ul>
 * <li>{@value #KIND}: {@code user} (a caller of the API or the console), {@code transport} (a message that came over
 * Service Bus) or {@code tracker} (the tracker's own clock or one of its event processors)</li>
 * <li>{@value #NAME}: the user's name (for a JWT, its principal, by default its subject); {@code servicebus-inbound}
 * for the transport; the deadline watcher's or the event processor's name for the tracker</li>
 * <li>{@value #ROLE}: the user's roles, comma-separated (FAGSYSTEM, SUPPORT, AUDITOR, ADMIN)</li>
 * <li>{@value #SUBJECT}: a JWT's {@code sub}</li>
 * <li>{@value #CLIENT_ID}: a JWT's {@code client_id} (Maskinporten, RFC 9068), or its {@code azp}</li>
 * <li>{@value #TRANSPORT_QUEUE}: the Service Bus queue a message came from, or was published to</li>
 * <li>{@value #TRANSPORT_MESSAGE_ID}: that Service Bus message's MessageId ({@code #} and its sequence number when
 * it had none)</li>
 * <li>{@value #PACKAGE_SIGNER}: the subject of the certificate that signed the package the message came with</li>
 * </ul>
 */
public record Actor(String kind, String name, String role, String subject, String clientId, String transportQueue,
                    String transportMessageId, String packageSigner) {

    public static final String KIND = "actorKind";
    public static final String NAME = "actor";
    public static final String ROLE = "actorRole";
    public static final String SUBJECT = "actorSubject";
    public static final String CLIENT_ID = "actorClientId";
    public static final String TRANSPORT_QUEUE = "transportQueue";
    public static final String TRANSPORT_MESSAGE_ID = "transportMessageId";
    public static final String PACKAGE_SIGNER = "packageSigner";
    /** Every key above, in the order they are read. */
    public static final List<String> KEYS = List.of(KIND, NAME, ROLE, SUBJECT, CLIENT_ID, TRANSPORT_QUEUE,
            TRANSPORT_MESSAGE_ID, PACKAGE_SIGNER);

    public static final String USER = "user";
    public static final String TRANSPORT = "transport";
    public static final String TRACKER = "tracker";

    public Actor {
        if (kind == null || name == null) {
            throw new IllegalArgumentException("An actor has a kind and a name");
        }
    }

    /** A caller of the API or the console; {@code subject} and {@code clientId} only for a JWT's bearer. */
    public static Actor user(String name, String roles, String subject, String clientId) {
        return new Actor(USER, name, roles, subject, clientId, null, null, null);
    }

    /** A message taken from our Service Bus queue; {@code packageSigner} only for one that came with a package. */
    public static Actor transport(String queue, String messageId, String packageSigner) {
        return new Actor(TRANSPORT, "servicebus-inbound", null, null, null, queue, messageId, packageSigner);
    }

    /** The tracker itself: its clock (the deadline watcher) or an event processor, by name. */
    public static Actor tracker(String name) {
        return new Actor(TRACKER, name, null, null, null, null, null, null);
    }

    /** The tracker, having published a message to {@code queue} under the Service Bus MessageId {@code messageId}. */
    public Actor publishedTo(String queue, String messageId) {
        return new Actor(kind, name, role, subject, clientId, queue, messageId, packageSigner);
    }

    /** The metadata a command carries: the keys that apply, each a string. */
    public MetaData metaData() {
        Map<String, String> data = new LinkedHashMap<>();
        put(data, KIND, kind);
        put(data, NAME, name);
        put(data, ROLE, role);
        put(data, SUBJECT, subject);
        put(data, CLIENT_ID, clientId);
        put(data, TRANSPORT_QUEUE, transportQueue);
        put(data, TRANSPORT_MESSAGE_ID, transportMessageId);
        put(data, PACKAGE_SIGNER, packageSigner);
        return MetaData.from(data);
    }

    /** The actor a message's metadata names; empty for events stored before actors were recorded. */
    public static Optional<Actor> from(Map<String, ?> metaData) {
        if (metaData.get(KIND) == null || metaData.get(NAME) == null) {
            return Optional.empty();
        }
        return Optional.of(new Actor(text(metaData, KIND), text(metaData, NAME), text(metaData, ROLE),
                text(metaData, SUBJECT), text(metaData, CLIENT_ID), text(metaData, TRANSPORT_QUEUE),
                text(metaData, TRANSPORT_MESSAGE_ID), text(metaData, PACKAGE_SIGNER)));
    }

    /** Who did it, in a sentence of English: for the history's readers. */
    public String describe() {
        StringBuilder words = new StringBuilder();
        switch (kind) {
            case USER -> {
                words.append("user ").append(name);
                if (role != null) {
                    words.append(" (").append(role).append(')');
                }
                if (subject != null && !subject.equals(name)) {
                    words.append(", token subject ").append(subject);
                }
                if (clientId != null) {
                    words.append(", client ").append(clientId);
                }
            }
            case TRANSPORT -> words.append("Service Bus");
            default -> words.append("the tracker (").append(name).append(')');
        }
        if (transportQueue != null) {
            words.append(TRANSPORT.equals(kind) ? ", queue " : ", published to ").append(transportQueue);
        }
        if (transportMessageId != null) {
            words.append(", MessageId ").append(transportMessageId);
        }
        if (packageSigner != null) {
            words.append(", package signed by ").append(packageSigner);
        }
        return words.toString();
    }

    private static void put(Map<String, String> data, String key, String value) {
        if (value != null) {
            data.put(key, value);
        }
    }

    private static String text(Map<String, ?> metaData, String key) {
        Object value = metaData.get(key);
        return value == null ? null : value.toString();
    }
}
