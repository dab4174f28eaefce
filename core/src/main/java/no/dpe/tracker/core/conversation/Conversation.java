package no.dpe.tracker.core.conversation;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import no.dpe.tracker.core.api.AttachFileCommand;
import no.dpe.tracker.core.api.CreateAndSendMessageCommand;
import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.ExpireMessageCommand;
import no.dpe.tracker.core.api.FileAttachedEvent;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.RecordStatusNotSentBackCommand;
import no.dpe.tracker.core.api.SendMessageCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.api.StatusNotSentBackEvent;
import no.dpe.tracker.core.sbd.DocumentType;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

/**
 * A DPE conversation: every message exchanged under one conversationId, each keyed by messageId and
 * direction, with the status lifecycle of ADR 0003.
 *
 * <p>Every command may be the first the conversation sees (an innsynskrav arrives, a publisering is
 * created, a kvittering turns up for a conversation we never had), so all are create-if-missing; a command
 * that changes nothing produces no event, and a conversation that never had an event is not stored.
 * Redelivered or repeated commands are harmless: they find their message or status already recorded.
 */
public class Conversation {

    private record MessageKey(String messageId, Direction direction) {
    }

    @AggregateIdentifier
    private String conversationId;
    // insertion ordered: a kvittering answers the latest message of its type
    private final Map<MessageKey, TrackedMessage> messages = new LinkedHashMap<>();
    private final Set<String> kvitteringIds = new HashSet<>();

    Conversation() {
        // for Axon: the state is rebuilt from events
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateMessageCommand command) {
        if (messages.containsKey(new MessageKey(command.messageId(), Direction.OUTGOING))) {
            return;
        }
        apply(new MessageCreatedEvent(command.conversationId(), command.messageId(), command.details(),
                command.sbd(), MessageStatus.OPPRETTET, command.occurredAt(), Source.FAGSYSTEM));
    }

    /**
     * A file for a message not sent yet. The same file again (a retried upload) changes nothing; another file under
     * a name the message has is refused, and so is any file once the message is sent: what was sent is what the
     * events say was sent.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(AttachFileCommand command) {
        TrackedMessage message = require(command.conversationId(), command.messageId(), Direction.OUTGOING);
        Optional<FileReference> named = message.file(command.file().name());
        if (named.isPresent() && named.get().equals(command.file())) {
            return;
        }
        if (message.details().documentType().isReceipt()) {
            throw new ReceiptCarriesNoFilesException(command.conversationId(), command.messageId(),
                    message.details().documentType());
        }
        if (message.isQueuedForSending()) {
            throw new MessageAlreadySentException(command.conversationId(), command.messageId());
        }
        if (named.isPresent()) {
            throw new FileNameTakenException(command.conversationId(), command.messageId(), command.file().name());
        }
        long total = message.files().stream().mapToLong(FileReference::size).sum() + command.file().size();
        if (total > command.sizeLimit()) {
            throw new MessageTooLargeException(command.conversationId(), command.messageId(), total,
                    command.sizeLimit());
        }
        apply(new FileAttachedEvent(command.conversationId(), command.messageId(), command.file(),
                command.occurredAt(), Source.FAGSYSTEM));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(SendMessageCommand command) {
        TrackedMessage message = require(command.conversationId(), command.messageId(), Direction.OUTGOING);
        if (message.isQueuedForSending()) {
            return;
        }
        if (message.isExpired()) {
            throw new MessageExpiredException(command.conversationId(), command.messageId());
        }
        List<FileReference> files = new ArrayList<>(message.files());
        command.files().stream()
                .filter(known -> message.file(known.name()).isEmpty())
                .forEach(files::add);
        apply(new MessageQueuedForSendingEvent(command.conversationId(), command.messageId(), files,
                command.occurredAt(), Source.FAGSYSTEM));
    }

    /** Next-move's multipart: the message, its files and the hand-over for sending, in one stroke or not at all. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(CreateAndSendMessageCommand command) {
        if (messages.containsKey(new MessageKey(command.messageId(), Direction.OUTGOING))) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (FileReference file : command.files()) {
            if (!names.add(file.name())) {
                throw new FileNameTakenException(command.conversationId(), command.messageId(), file.name());
            }
        }
        if (command.details().documentType().isReceipt() && !command.files().isEmpty()) {
            throw new ReceiptCarriesNoFilesException(command.conversationId(), command.messageId(),
                    command.details().documentType());
        }
        long total = command.files().stream().mapToLong(FileReference::size).sum();
        if (total > command.sizeLimit()) {
            throw new MessageTooLargeException(command.conversationId(), command.messageId(), total,
                    command.sizeLimit());
        }
        apply(new MessageCreatedEvent(command.conversationId(), command.messageId(), command.details(),
                command.sbd(), MessageStatus.OPPRETTET, command.occurredAt(), Source.FAGSYSTEM));
        for (FileReference file : command.files()) {
            apply(new FileAttachedEvent(command.conversationId(), command.messageId(), file, command.occurredAt(),
                    Source.FAGSYSTEM));
        }
        apply(new MessageQueuedForSendingEvent(command.conversationId(), command.messageId(), command.files(),
                command.occurredAt(), Source.FAGSYSTEM));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ReceiveMessageCommand command) {
        if (messages.containsKey(new MessageKey(command.messageId(), Direction.INCOMING))) {
            return;
        }
        apply(new MessageReceivedEvent(command.conversationId(), command.messageId(), command.details(),
                command.sbd(), command.files(), MessageStatus.INNKOMMENDE_MOTTATT, false, command.occurredAt(),
                Source.TRANSPORT, command.receivedPackage()));
        if (command.details().deadline().isBefore(command.receivedAt())) {
            apply(new MessageStatusRecordedEvent(command.conversationId(), command.messageId(), Direction.INCOMING,
                    MessageStatus.LEVETID_UTLOPT, "The deadline " + command.details().deadline()
                            + " had passed when the message arrived",
                    MessageStatus.LEVETID_UTLOPT, false, false, command.receivedAt(), Source.TRANSPORT));
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordStatusCommand command) {
        MessageStatus status = command.status();
        if (status == MessageStatus.OPPRETTET || status == MessageStatus.INNKOMMENDE_MOTTATT
                || status == MessageStatus.LEVETID_UTLOPT) {
            throw new StatusNotReportableException(command.conversationId(), command.messageId(), status);
        }
        Direction direction = status.direction().orElse(command.direction());
        TrackedMessage message = direction != null
                ? find(command.messageId(), direction).orElseGet(() -> refuse(command, direction))
                : findEitherDirection(command.conversationId(), command.messageId());
        if (command.source() == Source.COUNTERPART && !message.counterpart().equals(command.reportedBy())) {
            throw new SenderMismatchException(command.conversationId(), command.messageId(), command.reportedBy(),
                    message.counterpart());
        }
        message.decide(status).ifPresent(decision -> apply(new MessageStatusRecordedEvent(
                command.conversationId(), command.messageId(), message.direction(), status, command.description(),
                decision.currentStatus(), decision.late(), decision.afterDelivery(), command.occurredAt(),
                command.source())));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ExpireMessageCommand command) {
        TrackedMessage message = command.direction() != null
                ? require(command.conversationId(), command.messageId(), command.direction())
                : findEitherDirection(command.conversationId(), command.messageId());
        message.decide(MessageStatus.LEVETID_UTLOPT).ifPresent(decision -> apply(new MessageStatusRecordedEvent(
                command.conversationId(), command.messageId(), message.direction(), MessageStatus.LEVETID_UTLOPT,
                "The deadline " + message.details().deadline() + " passed before the message was "
                        + (message.direction() == Direction.OUTGOING ? "delivered (LEVERT)" : "finished by the fagsystem"),
                decision.currentStatus(), decision.late(), decision.afterDelivery(), command.occurredAt(),
                Source.TIMER)));
    }

    /**
     * A kvittering answers the latest outgoing message of the type it refers to, and is an incoming message of its
     * own as well, which the fagsystem peeks, reads and deletes like any other (with MOTTATT and LEVERT back to
     * eInnsyn). One that answers nothing we sent is kept only as an incoming message, so that it is not lost and
     * support can see it.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordKvitteringCommand command) {
        if (kvitteringIds.contains(command.kvitteringMessageId())
                || messages.containsKey(new MessageKey(command.kvitteringMessageId(), Direction.INCOMING))) {
            return;
        }
        Optional<TrackedMessage> answered = answeredBy(command);
        if (answered.isEmpty()) {
            apply(new MessageReceivedEvent(command.conversationId(), command.kvitteringMessageId(),
                    command.details(), command.sbd(), List.of(), MessageStatus.INNKOMMENDE_MOTTATT, true,
                    command.occurredAt(), Source.TRANSPORT));
            return;
        }
        TrackedMessage message = answered.get();
        if (!message.counterpart().equals(command.details().sender())) {
            throw new SenderMismatchException(command.conversationId(), message.messageId(),
                    command.details().sender(), message.counterpart());
        }
        // the fagsystem gets the kvittering as an incoming message too, as the real integration point delivers it
        apply(new MessageReceivedEvent(command.conversationId(), command.kvitteringMessageId(), command.details(),
                command.sbd(), List.of(), MessageStatus.INNKOMMENDE_MOTTATT, false, command.occurredAt(),
                Source.TRANSPORT));
        apply(new KvitteringRecordedEvent(command.conversationId(), message.messageId(),
                command.kvitteringMessageId(), command.dokumentId(), command.referanseType(), command.published(),
                command.warnings(), command.status(), command.occurredAt(), Source.COUNTERPART));
    }

    /** A status the sender of an incoming message is owed could not be sent back; recorded once per status. */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecordStatusNotSentBackCommand command) {
        TrackedMessage message = require(command.conversationId(), command.messageId(), Direction.INCOMING);
        if (message.wasNotSentBack(command.status())) {
            return;
        }
        apply(new StatusNotSentBackEvent(command.conversationId(), command.messageId(), command.status(),
                command.reason(), command.occurredAt(), Source.TRANSPORT));
    }

    private Optional<TrackedMessage> answeredBy(RecordKvitteringCommand command) {
        DocumentType referred = "innsynskrav".equals(command.referanseType())
                ? DocumentType.INNSYNSKRAV
                : DocumentType.PUBLISERING;
        List<TrackedMessage> candidates = new ArrayList<>();
        messages.values().forEach(message -> {
            if (message.direction() == Direction.OUTGOING && message.details().documentType() == referred) {
                candidates.add(message);
            }
        });
        return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(candidates.size() - 1));
    }

    private TrackedMessage require(String conversationId, String messageId, Direction direction) {
        return find(messageId, direction)
                .orElseThrow(() -> new UnknownMessageException(conversationId, messageId, direction));
    }

    private TrackedMessage refuse(RecordStatusCommand command, Direction direction) {
        Direction other = direction == Direction.OUTGOING ? Direction.INCOMING : Direction.OUTGOING;
        if (find(command.messageId(), other).isPresent()) {
            throw new StatusDoesNotFitDirectionException(command.conversationId(), command.messageId(),
                    command.status(), other);
        }
        throw new UnknownMessageException(command.conversationId(), command.messageId(), null);
    }

    private TrackedMessage findEitherDirection(String conversationId, String messageId) {
        List<TrackedMessage> found = new ArrayList<>(2);
        find(messageId, Direction.OUTGOING).ifPresent(found::add);
        find(messageId, Direction.INCOMING).ifPresent(found::add);
        if (found.size() != 1) {
            // none, or one each way and the command did not say which
            throw new UnknownMessageException(conversationId, messageId, null);
        }
        return found.get(0);
    }

    private Optional<TrackedMessage> find(String messageId, Direction direction) {
        return Optional.ofNullable(messages.get(new MessageKey(messageId, direction)));
    }

    @EventSourcingHandler
    void on(MessageCreatedEvent event) {
        conversationId = event.conversationId();
        messages.put(new MessageKey(event.messageId(), Direction.OUTGOING),
                new TrackedMessage(event.messageId(), Direction.OUTGOING, event.details(), event.status()));
    }

    @EventSourcingHandler
    void on(FileAttachedEvent event) {
        messages.get(new MessageKey(event.messageId(), Direction.OUTGOING)).attach(event.file());
    }

    @EventSourcingHandler
    void on(MessageQueuedForSendingEvent event) {
        messages.get(new MessageKey(event.messageId(), Direction.OUTGOING)).queuedForSending();
    }

    @EventSourcingHandler
    void on(MessageReceivedEvent event) {
        conversationId = event.conversationId();
        messages.put(new MessageKey(event.messageId(), Direction.INCOMING),
                new TrackedMessage(event.messageId(), Direction.INCOMING, event.details(), event.status()));
    }

    @EventSourcingHandler
    void on(MessageStatusRecordedEvent event) {
        messages.get(new MessageKey(event.messageId(), event.direction()))
                .record(event.status(), event.currentStatus());
    }

    @EventSourcingHandler
    void on(KvitteringRecordedEvent event) {
        kvitteringIds.add(event.kvitteringMessageId());
    }

    @EventSourcingHandler
    void on(StatusNotSentBackEvent event) {
        messages.get(new MessageKey(event.messageId(), Direction.INCOMING)).notSentBack(event.status());
    }
}
