package no.dpe.tracker.app.conversations;

import java.time.Instant;
import java.util.List;

import no.dpe.tracker.projections.state.MessageState;
import no.dpe.tracker.projections.state.StatusChange;

/**
 * A message in the shape next-move calls a "conversation": one per messageId and direction, with its statuses, in
 * the real integration point's fields. {@code sender} and {@code receiver} are ISO 6523 ({@code 0192:<orgnr>}),
 * {@code senderIdentifier} and {@code receiverIdentifier} the organisation numbers; {@code messageReference} is the
 * conversationId and {@code messageTitle} empty, as the real one sets them for a DPE message (it takes them from an
 * arkivmelding, which DPE has none of); {@code externalSystemReference} is not set.
 *
 * @param id the global position of the event that created the message
 */
record ConversationView(
        Long id,
        String conversationId,
        String messageId,
        String sender,
        String senderIdentifier,
        String receiver,
        String receiverIdentifier,
        String processIdentifier,
        String documentIdentifier,
        String serviceIdentifier,
        String messageReference,
        String messageTitle,
        String externalSystemReference,
        String direction,
        Instant lastUpdate,
        boolean finished,
        Instant expiry,
        List<Status> messageStatuses) {

    /** One status of the message; {@code id} is its place in the status feed. */
    record Status(Long id, Instant lastUpdate, String status, String description) {
    }

    static ConversationView of(MessageState message) {
        return new ConversationView(message.position(), message.conversationId(), message.messageId(),
                "0192:" + message.sender(), message.sender(), "0192:" + message.receiver(), message.receiver(),
                message.process().identifier(), message.documentType().standard(), "DPE", message.conversationId(),
                "", null, message.direction().name(), message.lastUpdate(), message.finished(), message.deadline(),
                message.history().stream().map(ConversationView::status).toList());
    }

    private static Status status(StatusChange change) {
        return new Status(change.position(), change.recordedAt(), change.status().name(), change.description());
    }
}
