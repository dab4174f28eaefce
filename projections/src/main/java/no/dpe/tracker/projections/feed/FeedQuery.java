package no.dpe.tracker.projections.feed;

import java.time.Instant;

import no.dpe.tracker.core.api.MessageStatus;

/** Filters on the status feed; a null field does not filter. {@code from} is inclusive, {@code to} exclusive. */
public record FeedQuery(String messageId, String conversationId, MessageStatus status, Instant from, Instant to) {

    public static FeedQuery all() {
        return new FeedQuery(null, null, null, null, null);
    }
}
