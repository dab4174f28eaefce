package no.dpe.tracker.projections.message;

/** A messageId is already used by a message of another conversation (message ids are global). */
public class MessageIdInUseException extends RuntimeException {

    private final String messageId;

    MessageIdInUseException(String messageId, String conversationId) {
        super("messageId " + messageId + " is already used in conversation " + conversationId);
        this.messageId = messageId;
    }

    public String messageId() {
        return messageId;
    }
}
