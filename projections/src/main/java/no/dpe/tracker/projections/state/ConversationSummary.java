package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * A conversation at a glance. Process, document type, parties and direction are those of its first message;
 * {@code status} is the current status of the message that changed last.
 *
 * @param openMessages how many of its messages are not finished
 */
public record ConversationSummary(
        String conversationId,
        DpeProcess process,
        DocumentType documentType,
        String sender,
        String receiver,
        Direction direction,
        MessageStatus status,
        int messages,
        int openMessages,
        Instant createdAt,
        Instant lastUpdate) {

    /**
     * The summary of a conversation with these messages (at least one): what the projection stores, and what a
     * lookup of one conversation works out from the messages it reads anyway.
     */
    public static ConversationSummary of(String conversationId, List<MessageState> messages) {
        List<MessageState> inOrder = messages.stream().sorted(Comparator.comparing(MessageState::position)).toList();
        MessageState first = inOrder.get(0);
        MessageState latest = inOrder.stream().max(Comparator.comparing(MessageState::lastUpdate)).orElseThrow();
        int open = (int) inOrder.stream().filter(message -> !message.finished()).count();
        Instant created = inOrder.stream().map(MessageState::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        return new ConversationSummary(conversationId, first.process(), first.documentType(), first.sender(),
                first.receiver(), first.direction(), latest.status(), inOrder.size(), open, created,
                latest.lastUpdate());
    }

    public boolean finished() {
        return openMessages == 0;
    }
}
