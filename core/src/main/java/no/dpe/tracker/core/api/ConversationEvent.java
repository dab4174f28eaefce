package no.dpe.tracker.core.api;

import java.time.Instant;

/**
 * A fact in a conversation's history. Every one names the conversation and the message it concerns,
 * when it happened at its source and where it came from; Axon adds the time it was recorded and, in
 * metadata, the correlation and causation ids.
 */
public sealed interface ConversationEvent permits MessageCreatedEvent, FileAttachedEvent, MessageQueuedForSendingEvent,
        MessageReceivedEvent, MessageStatusRecordedEvent, KvitteringRecordedEvent, StatusNotSentBackEvent {

    String conversationId();

    String messageId();

    Direction direction();

    Instant occurredAt();

    Source source();
}
