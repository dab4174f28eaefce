package no.dpe.tracker.core.conversation;

import no.dpe.tracker.core.sbd.DocumentType;

/** Statuses and kvitteringer carry no files (they travel without an ASiC-E). */
public class ReceiptCarriesNoFilesException extends ConversationRuleException {

    ReceiptCarriesNoFilesException(String conversationId, String messageId, DocumentType type) {
        super(conversationId, messageId, "A " + type.type() + " message carries no files");
    }

    @Override
    public String rule() {
        return "no-files";
    }
}
