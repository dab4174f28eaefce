package no.dpe.tracker.gateway.outbound;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.RecordStatusNotSentBackCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.MessageFiles;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.gateway.registry.ReceiverUnknownException;
import no.dpe.tracker.gateway.registry.ServiceRecord;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.PackagedFile;
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
 * the event store is the outbox. An innsynskrav or publisering goes to the queue its receiver's service record
 * names, its files sealed as the real integration point seals them: a signed ASiC-E encrypted to the receiver's
 * certificate (ADR 0012). The messages of a processor batch are published together, as one SDK batch per queue
 * ({@link PublishingBatch}), then SENDT is recorded for each in the processor's own transaction with its token; a
 * crash in between publishes the same Service Bus MessageIds again, which duplicate detection or the receiver's
 * idempotency absorbs (ADR 0007). A registry that cannot be asked is an outage: the batch waits, and SENDT is
 * recorded only once a message is on the bus.
 *
 * <p>It also answers what we received, in the same SDK batches: MOTTATT when a business message is recorded, LEVERT
 * when our fagsystem finished it. A transient failure is thrown, so the processor retries the batch with backoff;
 * a permanent one is the refused message's alone: it records FEIL with the reason for a message we send, and that the
 * status was not sent back for an answer, and the others of the batch go on.
 */
@ProcessingGroup(OutboundMessages.PROCESSING_GROUP)
@DisallowReplay
public class OutboundMessages {

    public static final String PROCESSING_GROUP = "servicebus-outbound";
    private static final Logger log = LoggerFactory.getLogger(OutboundMessages.class);
    /** Who records what publishing came to: this processor, not the user whose message it published. */
    static final Actor ACTOR = Actor.tracker(PROCESSING_GROUP);

    private final EventStore eventStore;
    private final MessageFiles files;
    private final ServiceBusPublisher publisher;
    private final CommandGateway commands;
    private final DpeQueues queues;
    private final ServiceRegistry registry;
    private final DpePackages packages;
    private final Clock clock;

    public OutboundMessages(EventStore eventStore, MessageFiles files, ServiceBusPublisher publisher,
                            CommandGateway commands, DpeQueues queues, ServiceRegistry registry, DpePackages packages,
                            Clock clock) {
        this.eventStore = eventStore;
        this.files = files;
        this.publisher = publisher;
        this.commands = commands;
        this.queues = queues;
        this.registry = registry;
        this.packages = packages;
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
        String receiver = created.details().receiver();
        DocumentType documentType = created.details().documentType();
        String queue;
        byte[] asic = null;
        try {
            if (documentType.isReceipt()) {
                queue = queues.receiptQueueFor(receiver, documentType,
                        sbd.businessMessage().path("referanseType").asText(null));
            } else {
                ServiceRecord record = registry.dpeRecord(receiver, sbd.processIdentifier().orElseThrow(),
                        documentType.standard());
                queue = DpeQueues.queue(receiver, record.queueSuffix());
                asic = packages.seal(created.details().sender(), receiver, files(event.files()), record.certificate());
            }
        } catch (ReceiverUnknownException | MissingFileException e) {
            failed(event, e.getMessage());
            return;
        } catch (IllegalArgumentException e) {
            failed(event, "The receiver's service record names no DPE queue: " + e.getMessage());
            return;
        }
        String sent = "Published to " + queue + (asic == null ? "" : ", the package signed by us and encrypted to the "
                + "receiver's certificate");
        PublishingBatch.publish(publisher, queue,
                new ServiceBusPublisher.Outgoing(event.messageId(), new WireMessage(sbd, asic).toBytes()),
                () -> record(event.conversationId(), event.messageId(), MessageStatus.SENDT, sent,
                        ACTOR.publishedTo(queue, event.messageId())),
                refused -> record(event.conversationId(), event.messageId(), MessageStatus.FEIL, refused.getMessage(),
                        ACTOR));
    }

    private void failed(MessageQueuedForSendingEvent event, String reason) {
        PublishingBatch.record(publisher, () -> record(event.conversationId(), event.messageId(), MessageStatus.FEIL,
                reason, ACTOR));
    }

    /**
     * MOTTATT for every message we store, einnsyn_kvitteringer included, as the real integration point sends it;
     * statuses are not messages and are never answered.
     */
    @EventHandler
    void on(MessageReceivedEvent event, @Timestamp Instant recordedAt) {
        if (event.details().documentType() == DocumentType.STATUS || event.details().deadline().isBefore(recordedAt)) {
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
                .filter(received -> received.details().documentType() != DocumentType.STATUS)
                .ifPresent(received -> answer(received, MessageStatus.LEVERT));
    }

    /** Sends a status message back to the sender of a message we received. */
    private void answer(MessageReceivedEvent received, MessageStatus status) {
        Sbd answer = Sbd.status(Sbd.of(received.sbd()), status.name(), clock.instant().atOffset(ZoneOffset.UTC));
        String queue = queues.receiptQueueFor(received.details().sender(), DocumentType.STATUS, null);
        PublishingBatch.publish(publisher, queue, new ServiceBusPublisher.Outgoing(
                received.messageId() + ":" + status.name(), new WireMessage(answer, null).toBytes()), () -> { },
                refused -> {
                    // The message itself was received and its status stays as it is, so our fagsystem still gets it;
                    // its sender will see LEVETID_UTLOPT. Recorded on the conversation, so support sees why.
                    log.error("Could not send {} for message {} to {}: {}", status, received.messageId(),
                            received.details().sender(), refused.getMessage());
                    commands.sendAndWait(new RecordStatusNotSentBackCommand(received.conversationId(),
                            received.messageId(), status, refused.getMessage(), clock.instant()), ACTOR.metaData());
                });
    }

    private void record(String conversationId, String messageId, MessageStatus status, String description,
                        Actor actor) {
        commands.sendAndWait(new RecordStatusCommand(conversationId, messageId, Direction.OUTGOING, status, description,
                clock.instant(), Source.TRANSPORT, null), actor.metaData());
    }

    /** The files as they go in the package: under the name the upload gave as its file name. */
    private List<PackagedFile> files(List<FileReference> references) {
        if (references.isEmpty()) {
            throw new MissingFileException("Innsynskrav and publisering are sent with at least one file");
        }
        List<PackagedFile> content = new ArrayList<>();
        for (FileReference reference : references) {
            byte[] bytes = files.content(reference.sha256()).orElseThrow(() -> new MissingFileException(
                    "The content of file " + reference.name() + " (" + reference.sha256() + ") is missing"));
            content.add(new PackagedFile(reference.filename() != null ? reference.filename() : reference.name(),
                    reference.mediaType(), bytes));
        }
        return content;
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
