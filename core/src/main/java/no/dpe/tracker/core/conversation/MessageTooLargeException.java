package no.dpe.tracker.core.conversation;

/** A message's files may together come to so much, and no more (DPE's 2 MB): the service's limit, not ours. */
public class MessageTooLargeException extends ConversationRuleException {

    private final long sizeLimit;

    MessageTooLargeException(String conversationId, String messageId, long size, long sizeLimit) {
        super(conversationId, messageId, "The files of message " + messageId + " would come to " + size
                + " bytes, more than the " + sizeLimit + " bytes a DPE message may carry");
        this.sizeLimit = sizeLimit;
    }

    public long sizeLimit() {
        return sizeLimit;
    }

    @Override
    public String rule() {
        return "max-size";
    }
}
