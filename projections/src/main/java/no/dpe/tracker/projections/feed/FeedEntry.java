package no.dpe.tracker.projections.feed;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;

/**
 * One row of the status feed.
 *
 * @param id         the event's global position: the feed's order, and where a reader resumes
 * @param convId     the id of the message's first row
 * @param status     null on a kvittering's row
 * @param rawReceipt a kvittering's status object as eInnsyn sent it; null on status rows
 * @param lastUpdate when the tracker recorded it
 */
public record FeedEntry(
        long id,
        long convId,
        String conversationId,
        String messageId,
        Direction direction,
        MessageStatus status,
        String description,
        String rawReceipt,
        Instant occurredAt,
        Instant lastUpdate) {
}
