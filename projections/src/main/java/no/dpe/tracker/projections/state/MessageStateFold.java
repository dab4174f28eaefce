package no.dpe.tracker.projections.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;

/**
 * How a message's state follows from its conversation's events: the one fold behind both the message-state
 * projection and an auditor's view of a conversation as it was at some instant, so the two cannot drift.
 * Pure: no I/O, no clock. The lifecycle rules are not repeated here; every status event carries the current
 * status the conversation decided.
 */
public final class MessageStateFold {

    private MessageStateFold() {
    }

    /**
     * The state of the message {@code recorded} is about, after it.
     *
     * @param before the message's state so far; null when nothing is known about it yet
     * @return {@code before} itself when the event is already folded in (a replay) or says nothing new; null
     *         when the message is still unknown (an event about a message whose creation was never seen)
     */
    public static MessageState apply(MessageState before, Recorded recorded) {
        if (before != null && recorded.sequence() <= before.lastSequence()) {
            return before;
        }
        ConversationEvent event = recorded.event();
        if (event instanceof MessageCreatedEvent created) {
            return before != null ? before : first(created, created.details(), created.status(), false, recorded);
        }
        if (event instanceof MessageReceivedEvent received) {
            return before != null ? before
                    : first(received, received.details(), received.status(), received.uncorrelatedKvittering(),
                            recorded);
        }
        if (before == null) {
            return null;
        }
        if (event instanceof FileAttachedEvent) {
            // the files are listed by the message index; the state and its history do not change
            return before;
        }
        if (event instanceof MessageQueuedForSendingEvent) {
            return before.withQueuedAt(recorded.recordedAt(), recorded.sequence());
        }
        if (event instanceof MessageStatusRecordedEvent status) {
            return before.withStatus(new StatusChange(status.status(), status.description(), status.currentStatus(),
                    status.late(), status.afterDelivery(), status.source(), status.occurredAt(),
                    recorded.recordedAt(), recorded.sequence(), recorded.position()));
        }
        if (event instanceof StatusNotSentBackEvent notSentBack) {
            return before.withStatusNotSentBack(new StatusNotSentBack(notSentBack.status(), notSentBack.reason(),
                    notSentBack.occurredAt(), recorded.recordedAt()), recorded.sequence());
        }
        KvitteringRecordedEvent kvittering = (KvitteringRecordedEvent) event;
        return before.withKvittering(new Kvittering(kvittering.kvitteringMessageId(), kvittering.dokumentId(),
                kvittering.referanseType(), kvittering.published(), kvittering.warnings(),
                kvittering.status() == null ? null : kvittering.status().toString(), kvittering.occurredAt(),
                recorded.recordedAt()), recorded.sequence());
    }

    /** Every message of a conversation after the given events (in stream order), in the order they appeared. */
    public static List<MessageState> fold(Iterable<Recorded> events) {
        Map<String, MessageState> messages = new LinkedHashMap<>();
        for (Recorded recorded : events) {
            String key = MessageStates.key(recorded.event().messageId(), recorded.event().direction());
            MessageState after = apply(messages.get(key), recorded);
            if (after != null) {
                messages.put(key, after);
            }
        }
        return new ArrayList<>(messages.values());
    }

    private static MessageState first(ConversationEvent event, MessageDetails details, MessageStatus status,
                                      boolean uncorrelatedKvittering, Recorded recorded) {
        StatusChange change = new StatusChange(status, null, status, false, false, event.source(),
                event.occurredAt(), recorded.recordedAt(), recorded.sequence(), recorded.position());
        return new MessageState(event.conversationId(), event.messageId(), event.direction(), details.process(),
                details.documentType(), details.sender(), details.receiver(), details.deadline(), status, null,
                uncorrelatedKvittering, recorded.recordedAt(), recorded.recordedAt(), recorded.sequence(),
                recorded.position(), List.of(change), null, null);
    }
}
