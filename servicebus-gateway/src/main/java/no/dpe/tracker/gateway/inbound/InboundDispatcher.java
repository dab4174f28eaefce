package no.dpe.tracker.gateway.inbound;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.ReceivedPackage;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.conversation.ConversationRuleException;
import no.dpe.tracker.core.conversation.SenderMismatchException;
import no.dpe.tracker.core.conversation.StatusDoesNotFitDirectionException;
import no.dpe.tracker.core.conversation.UnknownMessageException;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.core.sbd.Violation;
import no.dpe.tracker.gateway.InvalidWireMessageException;
import no.dpe.tracker.gateway.MessageFiles;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.packaging.DpePackages;
import no.dpe.tracker.packaging.OpenedPackage;
import no.dpe.tracker.packaging.PackageException;
import no.dpe.tracker.packaging.PackagedFile;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.ExceptionUtils;

/**
 * Turns a Service Bus message into a command on its conversation. It returns only once the command's
 * events are committed, so the caller completes the Service Bus message after the commit; a redelivered
 * copy finds its message or status already recorded and is completed with no new event. Input that can
 * never be taken is dead-lettered with a reason; anything else that goes wrong is thrown, so the message
 * is abandoned and redelivered.
 */
public class InboundDispatcher {

    private static final int MAX_DESCRIPTION = 1024;

    private final CommandGateway commands;
    private final MessageFiles files;
    private final DpePackages packages;
    private final SbdValidator validator;
    private final OrganisationNumber us;
    private final Duration receiptDeadline;
    private final Clock clock;

    /** @param receiptDeadline recorded as the deadline of a receipt kept on its own, which names none */
    public InboundDispatcher(CommandGateway commands, MessageFiles files, DpePackages packages, SbdValidator validator,
                             OrganisationNumber us, Duration receiptDeadline, Clock clock) {
        this.commands = commands;
        this.files = files;
        this.packages = packages;
        this.validator = validator;
        this.us = us;
        this.receiptDeadline = receiptDeadline;
        this.clock = clock;
    }

    /**
     * @param queue     the queue the message was taken from
     * @param messageId its Service Bus MessageId: with the queue (and a package's signer), the actor of what it
     *                  records ({@link Actor#transport})
     */
    public Outcome dispatch(byte[] body, String queue, String messageId) {
        WireMessage wire;
        try {
            wire = WireMessage.parse(body);
        } catch (InvalidWireMessageException e) {
            return deadLetter(e.reason(), e.getMessage());
        }
        Sbd sbd = wire.sbd();
        List<Violation> violations = validator.validateIncoming(sbd);
        if (!violations.isEmpty()) {
            return deadLetter("ValidationFailed", violations.stream()
                    .map(v -> v.field() + ": " + v.rule() + " (" + v.message() + ")")
                    .collect(Collectors.joining("; ")));
        }
        if (!sbd.receiver().orElseThrow().equals(us)) {
            return deadLetter("WrongReceiver", "The message is for " + sbd.receiver().orElseThrow().value()
                    + ", this integration point receives for " + us.value());
        }
        Instant now = clock.instant();
        Instant occurredAt = sbd.createdAt().map(created -> created.toInstant()).orElse(now);
        try {
            return switch (sbd.documentType().orElseThrow()) {
                case INNSYNSKRAV, PUBLISERING -> receive(sbd, wire, occurredAt, now, queue, messageId);
                case STATUS -> status(sbd, occurredAt, Actor.transport(queue, messageId, null));
                case EINNSYN_KVITTERING -> kvittering(sbd, now, Actor.transport(queue, messageId, null));
            };
        } catch (RuntimeException e) {
            return ExceptionUtils.findException(e, ConversationRuleException.class)
                    .map(this::refused)
                    .orElseThrow(() -> e);
        }
    }

    /**
     * Opens the package before anything is recorded: decrypted with our key, its signature verified, and its signer
     * the SBD's sender. It is then kept as it arrived, encrypted, and decrypted again when the fagsystem pops it.
     */
    private Outcome receive(Sbd sbd, WireMessage wire, Instant occurredAt, Instant now, String queue,
                            String wireMessageId) {
        if (wire.files().isEmpty()) {
            return deadLetter("MissingPackage", "A " + sbd.documentType().orElseThrow().type()
                    + " comes with its files in a package ('asic'); this one has none");
        }
        byte[] encrypted = wire.files().get();
        OpenedPackage opened;
        try {
            opened = packages.open(encrypted);
        } catch (PackageException e) {
            return deadLetter(e.reason(), e.getMessage());
        }
        String sender = sbd.sender().orElseThrow().value();
        if (!sender.equals(opened.signer().organisationNumber())) {
            return deadLetter("SignerMismatch", "The package is signed by " + opened.signer().subject()
                    + " (organisation " + opened.signer().organisationNumber() + "), not by the sender " + sender);
        }
        List<FileReference> references = new ArrayList<>();
        for (PackagedFile file : opened.files()) {
            references.add(new FileReference(file.name(), file.name(), file.mediaType(), file.content().length,
                    FileReference.sha256(file.content()), null));
        }
        ReceivedPackage received = new ReceivedPackage(files.storePackage(encrypted), opened.signer());
        String messageId = sbd.messageId().orElseThrow();
        commands.sendAndWait(new ReceiveMessageCommand(sbd.conversationId().orElseThrow(), messageId,
                MessageDetails.of(sbd, now.plus(receiptDeadline)), sbd.json(), references, occurredAt, now, received),
                Actor.transport(queue, wireMessageId, opened.signer().subject()).metaData());
        return new Outcome.Complete("received " + sbd.documentType().orElseThrow().type() + " " + messageId);
    }

    private Outcome status(Sbd sbd, Instant occurredAt, Actor actor) {
        String status = sbd.businessMessage().path("status").asText();
        String sender = sbd.sender().orElseThrow().value();
        commands.sendAndWait(new RecordStatusCommand(sbd.conversationId().orElseThrow(), sbd.messageId().orElseThrow(),
                Direction.OUTGOING, MessageStatus.valueOf(status), "Reported by " + sender, occurredAt,
                Source.COUNTERPART, sender), actor.metaData());
        return new Outcome.Complete(status + " for " + sbd.messageId().orElseThrow());
    }

    private Outcome kvittering(Sbd sbd, Instant now, Actor actor) {
        commands.sendAndWait(RecordKvitteringCommand.of(sbd, now.plus(receiptDeadline), now), actor.metaData());
        return new Outcome.Complete("kvittering " + sbd.messageId().orElseThrow());
    }

    private Outcome refused(ConversationRuleException e) {
        String reason;
        if (e instanceof SenderMismatchException) {
            reason = "SenderMismatch";
        } else if (e instanceof UnknownMessageException) {
            reason = "UnknownMessage";
        } else if (e instanceof StatusDoesNotFitDirectionException) {
            reason = "StatusDoesNotFitMessage";
        } else {
            reason = "Refused";
        }
        return deadLetter(reason, e.getMessage());
    }

    private static Outcome deadLetter(String reason, String description) {
        return new Outcome.DeadLetter(reason, description.length() > MAX_DESCRIPTION
                ? description.substring(0, MAX_DESCRIPTION - 1) + "…"
                : description);
    }
}
