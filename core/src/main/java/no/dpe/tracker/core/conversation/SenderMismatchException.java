package no.dpe.tracker.core.conversation;

/**
 * A status or kvittering came from someone other than the counterpart of the message it refers to: a
 * spoofing attempt or a misrouted message. Nothing changes.
 */
public class SenderMismatchException extends ConversationRuleException {

    SenderMismatchException(String conversationId, String messageId, String reportedBy, String counterpart) {
        super(conversationId, messageId, "Message " + messageId + " was exchanged with " + counterpart
                + ", but " + (reportedBy == null ? "an unnamed sender" : reportedBy) + " reported on it");
    }

    @Override
    public String rule() {
        return "sender-mismatch";
    }
}
