package no.dpe.tracker.core.conversation;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;

/** A status of one direction was reported for a message of the other, e.g. MOTTATT for an incoming message. */
public class StatusDoesNotFitDirectionException extends ConversationRuleException {

    StatusDoesNotFitDirectionException(String conversationId, String messageId, MessageStatus status,
                                       Direction messageDirection) {
        super(conversationId, messageId, "Status " + status + " does not fit the "
                + messageDirection.name().toLowerCase() + " message " + messageId);
    }

    @Override
    public String rule() {
        return "status-direction";
    }
}
