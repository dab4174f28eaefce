package no.dpe.tracker.core.sbd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

import static no.dpe.tracker.core.sbd.Sbd.BUSINESS_SCOPE;
import static no.dpe.tracker.core.sbd.Sbd.CONVERSATION_ID_SCOPE;
import static no.dpe.tracker.core.sbd.Sbd.DOCUMENT_IDENTIFICATION;
import static no.dpe.tracker.core.sbd.Sbd.EXPECTED_RESPONSE_DATE_TIME;
import static no.dpe.tracker.core.sbd.Sbd.HEADER;
import static no.dpe.tracker.core.sbd.Sbd.SCOPE;
import static no.dpe.tracker.core.sbd.Sbd.SCOPE_INFORMATION;

/**
 * Fills in what a fagsystem may leave out of a message it sends, as the integration point's
 * {@code POST /api/messages/out} does. A value the fagsystem gave is never replaced, not even a wrong one:
 * the validator reports it instead, so the client learns about its mistake.
 */
public final class SbdDefaults {

    /** The integration point's default lifetime of a message. */
    public static final Duration DEFAULT_DEADLINE = Duration.ofHours(24);

    private final Clock clock;
    private final Duration defaultDeadline;

    public SbdDefaults(Clock clock, Duration defaultDeadline) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.defaultDeadline = Objects.requireNonNull(defaultDeadline, "defaultDeadline");
        if (defaultDeadline.isNegative() || defaultDeadline.isZero()) {
            throw new IllegalArgumentException("the default deadline must be positive, was " + defaultDeadline);
        }
    }

    public SbdDefaults(Clock clock) {
        this(clock, DEFAULT_DEADLINE);
    }

    /** How far ahead a message's deadline is put when its SBD names none. */
    public Duration defaultDeadline() {
        return defaultDeadline;
    }

    public Sbd fillOutgoing(Sbd sbd, OrganisationNumber ourOrganisation) {
        Objects.requireNonNull(ourOrganisation, "ourOrganisation");
        // Millisecond precision: enough to order messages, short enough to read.
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MILLIS);
        ObjectNode root = sbd.json();

        ObjectNode header = object(root, HEADER);
        if (header == null) {
            return Sbd.wrap(root); // a header that is not an object is not ours to replace
        }
        putIfAbsent(header, "headerVersion", "1.0");
        fillSender(header, ourOrganisation);

        ObjectNode documentIdentification = object(header, DOCUMENT_IDENTIFICATION);
        if (documentIdentification != null) {
            putIfAbsent(documentIdentification, "instanceIdentifier", UUID.randomUUID().toString());
            putIfAbsent(documentIdentification, "creationDateAndTime", Sbd.format(now));
        }

        ObjectNode conversation = conversationScope(header);
        if (conversation != null) {
            putIfAbsent(conversation, "instanceIdentifier", UUID.randomUUID().toString());
            fillDeadline(conversation, now.plus(defaultDeadline));
        }
        return Sbd.wrap(root);
    }

    private static void fillSender(ObjectNode header, OrganisationNumber ourOrganisation) {
        ArrayNode senders = array(header, "sender");
        if (senders == null) {
            return;
        }
        ObjectNode sender = senders.isEmpty() ? senders.addObject() : senders.get(0) instanceof ObjectNode o ? o : null;
        ObjectNode identifier = sender == null ? null : object(sender, "identifier");
        if (identifier != null) {
            putIfAbsent(identifier, "authority", Sbd.AUTHORITY);
            putIfAbsent(identifier, "value", ourOrganisation.iso6523());
        }
    }

    /** The first ConversationId scope; created when there is none, since it carries the conversationId. */
    private static ObjectNode conversationScope(ObjectNode header) {
        ObjectNode businessScope = object(header, BUSINESS_SCOPE);
        ArrayNode scopes = businessScope == null ? null : array(businessScope, SCOPE);
        if (scopes == null) {
            return null;
        }
        for (JsonNode scope : scopes) {
            if (scope instanceof ObjectNode o && CONVERSATION_ID_SCOPE.equals(o.path("type").asText(null))) {
                return o;
            }
        }
        return scopes.addObject().put("type", CONVERSATION_ID_SCOPE);
    }

    private static void fillDeadline(ObjectNode conversation, OffsetDateTime deadline) {
        ArrayNode information = array(conversation, SCOPE_INFORMATION);
        if (information == null) {
            return;
        }
        for (JsonNode entry : information) {
            if (Sbd.text(entry.path(EXPECTED_RESPONSE_DATE_TIME)).isPresent()) {
                return;
            }
        }
        ObjectNode entry = !information.isEmpty() && information.get(0) instanceof ObjectNode o
                ? o : information.addObject();
        entry.put(EXPECTED_RESPONSE_DATE_TIME, Sbd.format(deadline));
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull() || (node.isTextual() && node.textValue().isBlank());
    }

    private static void putIfAbsent(ObjectNode parent, String field, String value) {
        if (isAbsent(parent.get(field))) {
            parent.put(field, value);
        }
    }

    /** The object under {@code field}, created when absent; null when something else is there. */
    private static ObjectNode object(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return parent.putObject(field);
        }
        return node instanceof ObjectNode o ? o : null;
    }

    /** The array under {@code field}, created when absent; null when something else is there. */
    private static ArrayNode array(ObjectNode parent, String field) {
        JsonNode node = parent.get(field);
        if (isAbsent(node)) {
            return parent.putArray(field);
        }
        return node instanceof ArrayNode a ? a : null;
    }
}
