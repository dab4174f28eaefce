package no.dpe.tracker.app.statuses;

import java.time.Instant;

import no.dpe.tracker.projections.feed.FeedEntry;

/**
 * A status as next-move's {@code /api/statuses} gives it. {@code id} is the feed position (the event's global
 * position), so a client can keep the highest it has seen. A kvittering's row has no status and carries the
 * kvittering's status object in {@code rawReceipt}.
 */
record StatusView(
        long id,
        Instant lastUpdate,
        String status,
        String description,
        String rawReceipt,
        long convId,
        String conversationId,
        String messageId) {

    static StatusView of(FeedEntry entry) {
        return new StatusView(entry.id(), entry.lastUpdate(), entry.status() == null ? null : entry.status().name(),
                entry.description(), entry.rawReceipt(), entry.convId(), entry.conversationId(), entry.messageId());
    }
}
