package no.dpe.tracker.projections.message;

import java.time.Instant;

import no.dpe.tracker.core.api.Direction;

/** A message whose deadline has come while it is neither finished nor expired. */
public record DueDeadline(String conversationId, String messageId, Direction direction, Instant deadline) {
}
