package no.dpe.tracker.projections.state;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * Filters for listing messages the way next-move lists "conversations"; a null field does not filter.
 * {@code lastUpdateFrom} is inclusive, {@code lastUpdateTo} exclusive.
 */
public record MessageQuery(
        String messageId,
        String conversationId,
        String sender,
        String receiver,
        DpeProcess process,
        Boolean finished,
        Direction direction,
        Instant lastUpdateFrom,
        Instant lastUpdateTo) {

    public static MessageQuery all() {
        return new MessageQuery(null, null, null, null, null, null, null, null, null);
    }
}
