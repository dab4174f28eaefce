package no.dpe.tracker.core.conversation;

import no.dpe.tracker.core.api.Direction;

/** The conversation has no message with this id (in this direction). */
public class UnknownMessageException extends ConversationRuleException {

    UnknownMessageException(String conversationId, String messageId, Direction direction) {
        super(conversationId, messageId, "Conversation " + conversationId + " has no "
                + (direction == null ? "" : direction.name().toLowerCase() + " ") + "message " + messageId);
    }

    @Override
    public String rule() {
        return "unknown-message";
    }
}
