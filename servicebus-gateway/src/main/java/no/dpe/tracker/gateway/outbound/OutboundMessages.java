package no.dpe.tracker.gateway.outbound;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.asic.AsicE;
import no.dpe.tracker.core.asic.AsicFile;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.MessageFiles;
import no.dpe.tracker.gateway.WireMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes what the conversations decided to send, driven by a streaming processor over the event store:
 * the event store is the outbox. A message is published, then SENDT is recorded in the processor's own
 * transaction with its token; a crash in between publishes the same Service Bus MessageId again, which
 * duplicate detection or the receiver's idempotency absorbs (ADR 0007).
 *
 * <p>It also answers what we received: MOTTATT when a business message is recorded, LEVERT when our
 * fagsystem finished it. A transient failure is thrown, so the processor retries the event with backoff;
 * a permanent one records FEIL with the reason.
 */
@ProcessingGroup(OutboundMessages.PROCESSING_GROUP)
@DisallowReplay
public class OutboundMessages {

    public static final String PROCESSING_GROUP = "servicebus-outbound";
    private static final Logger log = LoggerFactory.getLogger(OutboundMessages.class);

    private final EventStore eventStore;
    private final MessageFiles files;
    private final ServiceBusPublisher publisher;
    private final CommandGateway commands;
    private final DpeQueues queues;
    private final Clock clock;

    public OutboundMessages(EventStore eventStore, MessageFiles files, ServiceBusPublisher publisher,
                            CommandGateway commands, DpeQueues queues, Clock clock) {
        this.eventStore = eventStore;
        this.files = files;
        this.publisher = publisher;
        this.commands = commands;
        this.queues = queues;
        this.clock = clock;
    }

    @EventHandler
    void on(MessageQueuedForSendingEvent event) {
        MessageCreatedEvent created = history(event.conversationId(), MessageCreatedEvent.class, event.messageId())
                .orElseThrow(() -> new IllegalStateException("Message " + event.messageId()
                        + " was queued for sending but never created"));
        if (clock.instant().isAfter(created.details().deadline())) {
            log.info("Not publishing message {}: its deadline {} has passed; it expires instead",
                    event.messageId(), created.details().deadline());
            return;
        }
        Sbd sbd = Sbd.of(created.sbd());
        String queue = queues.queueFor(created.details().receiver(), created.details().documentType(),
                sbd.businessMessage().path("referanseType").asText(null));
        try {
            publisher.publish(queue, event.messageId(), new WireMessage(sbd, asic(event.files())).toBytes());
        } catch (PublishException e) {
            if (!e.isPermanent()) {
                throw e;
            }
            record(event.conversationId(), event.messageId(), Direction.OUTGOING, MessageStatus.FEIL, e.getMessage());
            return;
        } catch (MissingFileException e) {
            record(event.conversationId(), event.messageId(), Direction.OUTGOING, MessageStatus.FEIL, e.getMessage());
            return;
        }
        record(event.conversationId(), event.messageId(), Direction.OUTGOING, MessageStatus.SENDT,
                "Published to " + queue);
    }

    @EventHandler
    void on(MessageReceivedEvent event, @Timestamp Instant recordedAt) {
        if (event.uncorrelatedKvittering() || event.details().documentType().isReceipt()
                || event.details().deadline().isBefore(recordedAt)) {
            return;
        }
        answer(event, MessageStatus.MOTTATT);
    }

    @EventHandler
    void on(MessageStatusRecordedEvent event) {
        if (event.status() != MessageStatus.INNKOMMENDE_LEVERT || event.late()) {
            return;
        }
        history(event.conversationId(), MessageReceivedEvent.class, event.messageId())
                .filter(received -> !received.uncorrelatedKvittering()
                        && !received.details().documentType().isReceipt())
                .ifPresent(received -> answer(received, MessageStatus.LEVERT));
    }

    /** Sends a status message back to the sender of a message we received. */
    private void answer(MessageReceivedEvent received, MessageStatus status) {
        Sbd answer = Sbd.status(Sbd.of(received.sbd()), status.name(), clock.instant().atOffset(ZoneOffset.UTC));
        String queue = queues.queueFor(received.details().sender(), DocumentType.STATUS, null);
        try {
            publisher.publish(queue, received.messageId() + ":" + status.name(),
                    new WireMessage(answer, null).toBytes());
        } catch (PublishException e) {
            if (!e.isPermanent()) {
                throw e;
            }
            // The message itself was received; its sender will see LEVETID_UTLOPT. Keep the incoming
            // message's status as it is, so our fagsystem still gets it.
            log.error("Could not send {} for message {} to {}: {}", status, received.messageId(),
                    received.details().sender(), e.getMessage());
        }
    }

    private void record(String conversationId, String messageId, Direction direction, MessageStatus status,
                        String description) {
        commands.sendAndWait(new RecordStatusCommand(conversationId, messageId, direction, status, description,
                clock.instant(), Source.TRANSPORT, null));
    }

    private byte[] asic(List<FileReference> references) {
        if (references.isEmpty()) {
            return null;
        }
        List<AsicFile> content = new ArrayList<>();
        for (FileReference reference : references) {
            byte[] bytes = files.content(reference.sha256()).orElseThrow(() -> new MissingFileException(
                    "The content of file " + reference.name() + " (" + reference.sha256() + ") is missing"));
            content.add(new AsicFile(reference.name(), reference.mediaType(), bytes));
        }
        return AsicE.write(content);
    }

    private <T extends ConversationEvent> Optional<T> history(String conversationId, Class<T> type,
                                                              String messageId) {
        return eventStore.readEvents(conversationId, 0).asStream()
                .map(DomainEventMessage::getPayload)
                .filter(type::isInstance)
                .map(type::cast)
                .filter(event -> messageId.equals(event.messageId()))
                .findFirst();
    }

    private static final class MissingFileException extends RuntimeException {
        MissingFileException(String message) {
            super(message);
        }
    }
}
