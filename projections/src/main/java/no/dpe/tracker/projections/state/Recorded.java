package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.Objects;

import no.dpe.tracker.core.api.ConversationEvent;

/**
 * An event as the event store holds it: its place in the conversation's stream, when it was recorded, and,
 * when read from the global stream, its global position.
 *
 * @param sequence   the event's sequence number within its conversation
 * @param position   its global position; null when read from one conversation's stream (an auditor's fold)
 * @param recordedAt when the tracker stored it (Axon's timestamp), as opposed to when it happened at its source
 */
public record Recorded(ConversationEvent event, long sequence, Long position, Instant recordedAt) {

    public Recorded {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(recordedAt, "recordedAt");
    }
}
