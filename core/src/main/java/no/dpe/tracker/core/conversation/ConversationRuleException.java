package no.dpe.tracker.core.conversation;

/**
 * A command the conversation refuses. Nothing is recorded; the message says which rule and why, in words
 * a caller can show.
 */
public abstract class ConversationRuleException extends RuntimeException {

    private final String conversationId;
    private final String messageId;

    protected ConversationRuleException(String conversationId, String messageId, String message) {
        super(message);
        this.conversationId = conversationId;
        this.messageId = messageId;
    }

    public String conversationId() {
        return conversationId;
    }

    public String messageId() {
        return messageId;
    }

    /** A short stable code for the rule, for problem responses and dead-letter reasons. */
    public abstract String rule();
}
