package no.dpe.tracker.projections.state;

import java.time.Instant;

import no.dpe.tracker.core.api.MessageStatus;

/**
 * A status we owed the sender of an incoming message and could not send back (see
 * {@link no.dpe.tracker.core.api.StatusNotSentBackEvent}).
 *
 * @param occurredAt when sending it failed
 * @param recordedAt when the tracker recorded that
 */
public record StatusNotSentBack(MessageStatus status, String reason, Instant occurredAt, Instant recordedAt) {
}
