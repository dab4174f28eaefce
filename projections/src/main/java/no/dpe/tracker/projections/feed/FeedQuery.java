package no.dpe.tracker.projections.feed;

import java.time.Instant;

import no.dpe.tracker.core.api.MessageStatus;

/**
 * Filters on the status feed; a null field does not filter. {@code from} and {@code to} are both inclusive, as
 * next-move's BETWEEN is.
 */
public record FeedQuery(Long id, String messageId, String conversationId, MessageStatus status, Instant from,
                        Instant to) {

    public static FeedQuery all() {
        return new FeedQuery(null, null, null, null, null, null);
    }

    public static FeedQuery ofMessage(String messageId) {
        return new FeedQuery(null, messageId, null, null, null, null);
    }
}
