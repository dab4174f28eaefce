package no.dpe.tracker.core.conversation;

import no.dpe.tracker.core.api.MessageStatus;

/**
 * OPPRETTET, INNKOMMENDE_MOTTATT and LEVETID_UTLOPT are not reported as statuses: they come from creating,
 * receiving and expiring a message.
 */
public class StatusNotReportableException extends ConversationRuleException {

    StatusNotReportableException(String conversationId, String messageId, MessageStatus status) {
        super(conversationId, messageId, "Status " + status + " is not reported; it follows from "
                + switch (status) {
                    case OPPRETTET -> "creating the message";
                    case INNKOMMENDE_MOTTATT -> "receiving the message";
                    default -> "the message's deadline passing";
                });
    }

    @Override
    public String rule() {
        return "status-not-reportable";
    }
}
