package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/** Events of the tests' conversations, as the conversation aggregate would record them. */
final class Events {

    static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");
    static final Instant DEADLINE = T0.plusSeconds(86_400);
    static final String US = "986252932";
    static final String EINNSYN = "991825827";
    static final MessageDetails PUBLISERING = new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING,
            US, EINNSYN, DEADLINE);
    static final MessageDetails INNSYNSKRAV = new MessageDetails(DpeProcess.INNSYNSKRAV, DocumentType.INNSYNSKRAV,
            EINNSYN, US, DEADLINE);

    private Events() {
    }

    static MessageCreatedEvent created(String conversationId, String messageId) {
        return new MessageCreatedEvent(conversationId, messageId, PUBLISERING,
                JsonNodeFactory.instance.objectNode(), MessageStatus.OPPRETTET, T0, Source.FAGSYSTEM);
    }

    static MessageReceivedEvent received(String conversationId, String messageId) {
        return new MessageReceivedEvent(conversationId, messageId, INNSYNSKRAV, JsonNodeFactory.instance.objectNode(),
                List.of(), MessageStatus.INNKOMMENDE_MOTTATT, false, T0, Source.TRANSPORT);
    }

    static MessageQueuedForSendingEvent queued(String conversationId, String messageId) {
        return new MessageQueuedForSendingEvent(conversationId, messageId, List.of(), T0, Source.FAGSYSTEM);
    }

    static MessageStatusRecordedEvent status(String conversationId, String messageId, MessageStatus status,
                                             MessageStatus current, boolean late) {
        return new MessageStatusRecordedEvent(conversationId, messageId, Direction.OUTGOING, status,
                status == MessageStatus.FEIL ? "dead-lettered: no such queue" : null, current, late, false, T0,
                status == MessageStatus.SENDT ? Source.TRANSPORT : Source.COUNTERPART);
    }

    static KvitteringRecordedEvent kvittering(String conversationId, String messageId, boolean published) {
        return new KvitteringRecordedEvent(conversationId, messageId, "k-" + messageId, "dok-1", "publisering",
                published, published ? List.of() : List.of("mangler tittel"),
                JsonNodeFactory.instance.objectNode().put("publisert", published), T0, Source.COUNTERPART);
    }

    static StatusNotSentBackEvent notSentBack(String conversationId, String messageId, MessageStatus status) {
        return new StatusNotSentBackEvent(conversationId, messageId, status,
                "The messaging entity 'nextbestqueue991825827data' could not be found", T0, Source.TRANSPORT);
    }

    static MessageStatusRecordedEvent finishedByOurFagsystem(String conversationId, String messageId) {
        return new MessageStatusRecordedEvent(conversationId, messageId, Direction.INCOMING,
                MessageStatus.INNKOMMENDE_LEVERT, null, MessageStatus.INNKOMMENDE_LEVERT, false, false, T0,
                Source.FAGSYSTEM);
    }
}
