package no.dpe.tracker.bench;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdParseException;

/**
 * Publiseringer from our organisation to eInnsyn, as the project's example document has them
 * (core/src/test/resources/.../publisering-journalpost.sbd.json), each with ids of its own, and the commands
 * and events of the outgoing lifecycle: created, SENDT by the transport, MOTTATT and LEVERT by eInnsyn.
 */
final class Publiserings {

    static final String EINNSYN = "991825827";

    private Publiserings() {
    }

    /** One message of its own conversation. */
    record Publisering(String conversationId, String messageId, Sbd sbd) {

        MessageDetails details() {
            return MessageDetails.of(sbd, Instant.now().plus(1, ChronoUnit.DAYS));
        }

        CreateMessageCommand create() {
            return new CreateMessageCommand(conversationId, messageId, details(), sbd.json(), Instant.now());
        }

        List<RecordStatusCommand> statuses() {
            Instant now = Instant.now();
            return List.of(
                    new RecordStatusCommand(conversationId, messageId, Direction.OUTGOING, MessageStatus.SENDT,
                            "Published to nextbestqueue" + EINNSYN + "data", now, Source.TRANSPORT, null),
                    new RecordStatusCommand(conversationId, messageId, Direction.OUTGOING, MessageStatus.MOTTATT,
                            null, now, Source.COUNTERPART, EINNSYN),
                    new RecordStatusCommand(conversationId, messageId, Direction.OUTGOING, MessageStatus.LEVERT,
                            null, now, Source.COUNTERPART, EINNSYN));
        }

        /** The four events the aggregate records for the lifecycle, as it would decide them. */
        List<Object> events(Instant at) {
            return List.of(
                    new MessageCreatedEvent(conversationId, messageId, details(), sbd.json(), MessageStatus.OPPRETTET,
                            at, Source.FAGSYSTEM),
                    status(MessageStatus.SENDT, "Published to nextbestqueue" + EINNSYN + "data", at, Source.TRANSPORT),
                    status(MessageStatus.MOTTATT, null, at, Source.COUNTERPART),
                    status(MessageStatus.LEVERT, null, at, Source.COUNTERPART));
        }

        private MessageStatusRecordedEvent status(MessageStatus status, String description, Instant at, Source source) {
            return new MessageStatusRecordedEvent(conversationId, messageId, Direction.OUTGOING, status, description,
                    status, false, false, at, source);
        }
    }

    static Publisering next() {
        String conversationId = UUID.randomUUID().toString();
        String messageId = UUID.randomUUID().toString();
        try {
            return new Publisering(conversationId, messageId, Sbd.parse(json(conversationId, messageId)));
        } catch (SbdParseException e) {
            throw new IllegalStateException("the bench's publisering does not parse", e);
        }
    }

    static String json(String conversationId, String messageId) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        return """
                {
                  "standardBusinessDocumentHeader": {
                    "headerVersion": "1.0",
                    "sender": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                    "receiver": [{"identifier": {"authority": "iso6523-actorid-upis", "value": "0192:%s"}}],
                    "documentIdentification": {
                      "standard": "urn:no:difi:einnsyn:xsd::publisering",
                      "typeVersion": "1.0",
                      "instanceIdentifier": "%s",
                      "type": "publisering",
                      "creationDateAndTime": "%s"
                    },
                    "businessScope": {
                      "scope": [{
                        "type": "ConversationId",
                        "instanceIdentifier": "%s",
                        "identifier": "urn:no:difi:profile:einnsyn:journalpost:ver1.0",
                        "scopeInformation": [{"expectedResponseDateTime": "%s"}]
                      }]
                    }
                  },
                  "publisering": {"orgnr": "%s"}
                }
                """.formatted(Tracker.ORGANISATION, EINNSYN, messageId, now, conversationId, now.plusDays(1),
                Tracker.ORGANISATION);
    }
}
