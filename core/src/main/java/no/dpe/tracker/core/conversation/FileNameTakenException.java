package no.dpe.tracker.core.conversation;

/** A message carries one file of each name: a second file may not take a name another already has. */
public class FileNameTakenException extends ConversationRuleException {

    FileNameTakenException(String conversationId, String messageId, String name) {
        super(conversationId, messageId, "Message " + messageId + " already has a file named '" + name + "'");
    }

    @Override
    public String rule() {
        return "unique-name";
    }
}
