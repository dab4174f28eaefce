package no.dpe.tracker.core.conversation;

/** A message whose deadline has passed cannot be sent any more: it must be created again. */
public class MessageExpiredException extends ConversationRuleException {

    MessageExpiredException(String conversationId, String messageId) {
        super(conversationId, messageId, "Message " + messageId + " has passed its deadline (LEVETID_UTLOPT) "
                + "and cannot be sent; create it again with a new deadline");
    }

    @Override
    public String rule() {
        return "expired";
    }
}
