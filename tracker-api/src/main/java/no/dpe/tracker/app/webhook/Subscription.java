package no.dpe.tracker.app.webhook;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import no.dpe.tracker.app.events.MessageEvent;
import no.dpe.tracker.app.events.MessageEventFilter;

/**
 * A webhook subscription in next-move's shape.
 *
 * @param resource  {@code messages} or {@code all} (the same here: messages are all there is)
 * @param event     {@code status} (messages created, received or given a status), or {@code all} (also
 *                  kvitteringer)
 * @param filter    next-move's filter syntax, see {@link MessageEventFilter}; may be null
 * @param createdAt a subscription gets the events stored from then on, not the history before it
 */
public record Subscription(Long id, String name, String pushEndpoint, String resource, String event, String filter,
                           @JsonIgnore Instant createdAt) {

    static final String ALL = "all";

    /** Whether the subscription wants this event; {@code parsedFilter} is its {@link #filter}, parsed. */
    boolean wants(MessageEvent message, Instant storedAt, MessageEventFilter parsedFilter) {
        return !storedAt.isBefore(createdAt)
                && (event.equals(ALL) || event.equals(message.event()))
                && parsedFilter.matches(message);
    }
}
