package no.dpe.tracker.emulator.broker;

import java.time.Duration;
import java.time.Instant;

/**
 * A message as a sender hands it over: the encoded AMQP message, kept byte for byte so receivers get back
 * what was sent, and the few properties the broker acts on.
 *
 * @param payload the encoded AMQP message
 * @param messageId the MessageId, the key of duplicate detection; may be {@code null}
 * @param sessionId the SessionId (AMQP group-id); {@code null} when the message belongs to no session
 * @param timeToLive the sender's time-to-live; {@code null} when it set none
 * @param scheduledEnqueueTime when the message should become visible; {@code null} for now
 */
public record IncomingMessage(byte[] payload, String messageId, String sessionId, Duration timeToLive,
        Instant scheduledEnqueueTime) {
}
