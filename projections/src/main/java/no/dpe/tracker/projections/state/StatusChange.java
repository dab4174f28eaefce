package no.dpe.tracker.projections.state;

import java.time.Instant;

import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.Source;

/**
 * One status in a message's history.
 *
 * @param currentStatus the message's current status once this one was taken into account
 * @param late          it ranked below a status the message already had, so it did not move the current status
 * @param afterDelivery it arrived after the message was finished
 * @param occurredAt    when it happened at its source
 * @param recordedAt    when the tracker recorded it
 * @param position      the event's global position; null in a fold of one conversation's stream
 */
public record StatusChange(
        MessageStatus status,
        String description,
        MessageStatus currentStatus,
        boolean late,
        boolean afterDelivery,
        Source source,
        Instant occurredAt,
        Instant recordedAt,
        long sequence,
        Long position) {
}
