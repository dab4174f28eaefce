package no.dpe.tracker.projections.state;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;

/**
 * What support searches conversations by; a null field does not filter. A conversation matches when one of
 * its messages matches every filter given.
 *
 * @param id             a conversationId or a messageId
 * @param organisation   an organisation number on either side
 * @param status         the message's current status
 * @param from           the message was still changing at or after this instant (inclusive)
 * @param to             the message existed before this instant (exclusive)
 * @param unchangedSince only unfinished messages unchanged since before this instant: the stuck ones
 */
public record ConversationSearch(
        String id,
        String organisation,
        DpeProcess process,
        MessageStatus status,
        Direction direction,
        Instant from,
        Instant to,
        Instant unchangedSince) {

    public static ConversationSearch all() {
        return new ConversationSearch(null, null, null, null, null, null, null, null);
    }
}
