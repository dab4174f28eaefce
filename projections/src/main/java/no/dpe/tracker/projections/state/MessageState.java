package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * Everything known about one message at some point of its conversation's history, as
 * {@link MessageStateFold} folds it from the events.
 *
 * @param status                 the current status (the conversation decides it; see ADR 0003)
 * @param queuedAt               when our fagsystem handed it over for sending; null if it has not (or incoming)
 * @param uncorrelatedKvittering an incoming eInnsyn-kvittering that answered nothing we sent
 * @param lastUpdate             when the last event about this message was recorded
 * @param lastSequence           the conversation's sequence number of that event; older events change nothing
 * @param position               the global position of the event that created the message; null in a fold of
 *                               one conversation's stream
 * @param kvittering             eInnsyn's latest kvittering for it; null when there is none
 * @param statusNotSentBack      the latest status owed to the sender of an incoming message that could not be sent
 *                               back; null when every one went
 */
public record MessageState(
        String conversationId,
        String messageId,
        Direction direction,
        DpeProcess process,
        DocumentType documentType,
        String sender,
        String receiver,
        Instant deadline,
        MessageStatus status,
        Instant queuedAt,
        boolean uncorrelatedKvittering,
        Instant createdAt,
        Instant lastUpdate,
        long lastSequence,
        Long position,
        List<StatusChange> history,
        Kvittering kvittering,
        StatusNotSentBack statusNotSentBack) {

    public MessageState {
        history = List.copyOf(history);
    }

    /** The organisation on the other side. */
    public String counterpart() {
        return direction == Direction.OUTGOING ? receiver : sender;
    }

    /** LEVERT or INNKOMMENDE_LEVERT: nothing more is expected of anyone, but perhaps a kvittering. */
    public boolean finished() {
        return status.finishes();
    }

    MessageState withHistory(List<StatusChange> changes) {
        return new MessageState(conversationId, messageId, direction, process, documentType, sender, receiver,
                deadline, status, queuedAt, uncorrelatedKvittering, createdAt, lastUpdate, lastSequence, position,
                changes, kvittering, statusNotSentBack);
    }

    MessageState withStatus(StatusChange change) {
        List<StatusChange> longer = new ArrayList<>(history);
        longer.add(change);
        return new MessageState(conversationId, messageId, direction, process, documentType, sender, receiver,
                deadline, change.currentStatus(), queuedAt, uncorrelatedKvittering, createdAt, change.recordedAt(),
                change.sequence(), position, longer, kvittering, statusNotSentBack);
    }

    MessageState withQueuedAt(Instant queued, long sequence) {
        return new MessageState(conversationId, messageId, direction, process, documentType, sender, receiver,
                deadline, status, queued, uncorrelatedKvittering, createdAt, queued, sequence, position, history,
                kvittering, statusNotSentBack);
    }

    MessageState withKvittering(Kvittering answer, long sequence) {
        return new MessageState(conversationId, messageId, direction, process, documentType, sender, receiver,
                deadline, status, queuedAt, uncorrelatedKvittering, createdAt, answer.recordedAt(), sequence,
                position, history, answer, statusNotSentBack);
    }

    MessageState withStatusNotSentBack(StatusNotSentBack notSentBack, long sequence) {
        return new MessageState(conversationId, messageId, direction, process, documentType, sender, receiver,
                deadline, status, queuedAt, uncorrelatedKvittering, createdAt, notSentBack.recordedAt(), sequence,
                position, history, kvittering, notSentBack);
    }
}
