package no.dpe.tracker.projections.message;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;

/** Filters for listing messages; a null field does not filter. */
public record MessageFilter(Direction direction, String conversationId, DpeProcess process, MessageStatus status,
                            String receiver) {

    public static MessageFilter direction(Direction direction) {
        return new MessageFilter(direction, null, null, null, null);
    }
}
