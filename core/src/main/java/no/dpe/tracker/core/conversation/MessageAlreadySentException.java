package no.dpe.tracker.core.conversation;

/** Files go with a message when it is sent: none can be added after that. */
public class MessageAlreadySentException extends ConversationRuleException {

    MessageAlreadySentException(String conversationId, String messageId) {
        super(conversationId, messageId, "Message " + messageId
                + " has been sent; files can only be added before sending");
    }

    @Override
    public String rule() {
        return "not-sent";
    }
}
