package no.dpe.tracker.app.message;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.AttachFileCommand;
import no.dpe.tracker.core.api.CreateAndSendMessageCommand;
import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.SendMessageCommand;
import no.dpe.tracker.core.conversation.FileNameTakenException;
import no.dpe.tracker.core.conversation.MessageAlreadySentException;
import no.dpe.tracker.core.conversation.MessageTooLargeException;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdDefaults;
import no.dpe.tracker.core.sbd.SbdParseException;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.core.sbd.Violation;
import no.dpe.tracker.gateway.registry.ReceiverUnknownException;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import no.dpe.tracker.projections.message.MessageIdInUseException;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageRow;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.ExceptionUtils;

/**
 * Sending, as a next-move client does it: create the message from its SBD, upload its files, send it.
 * Blocking; the controller calls it off the event loop. Every check that needs no conversation runs before anything
 * is stored; file content is stored first (content-addressed, so a failure later leaves at most bytes that nothing
 * names); then each request is one command, decided by the conversation and stored in the command's own
 * transaction: all of it, or none of it. Nothing here opens a transaction around a command, so a command that fails
 * leaves no state behind in the aggregate cache, and one retried after a clash starts on a fresh transaction.
 */
public class OutgoingMessages {

    /** The next-move limit for one file. */
    public static final long MAX_FILE_SIZE = 5L * 1024 * 1024;

    /** An uploaded file, checked but not stored yet. */
    public record Upload(String name, String filename, String mediaType, String title, byte[] content) {
    }

    private final CommandGateway commands;
    private final MessageIndex index;
    private final FileStore files;
    private final SbdDefaults defaults;
    private final SbdValidator validator;
    private final OrganisationNumber us;
    private final ServiceRegistry registry;
    private final long sizeLimit;
    private final Clock clock;

    /** @param sizeLimit the most a message's files may come to together (dpe.tracker.message-size-limit) */
    public OutgoingMessages(CommandGateway commands, MessageIndex index, FileStore files, SbdDefaults defaults,
                            SbdValidator validator, OrganisationNumber us, ServiceRegistry registry, long sizeLimit,
                            Clock clock) {
        this.commands = commands;
        this.index = index;
        this.files = files;
        this.defaults = defaults;
        this.validator = validator;
        this.us = us;
        this.registry = registry;
        this.sizeLimit = sizeLimit;
        this.clock = clock;
    }

    /** Creates an outgoing message (OPPRETTET) and returns its SBD with the defaults filled in. */
    public Sbd create(String json) {
        Sbd sbd = validated(json);
        String messageId = sbd.messageId().orElseThrow();
        refusingATakenMessageId(messageId, () -> commands.sendAndWait(new CreateMessageCommand(
                sbd.conversationId().orElseThrow(), messageId, details(sbd), sbd.json(), clock.instant())));
        return sbd;
    }

    /**
     * Attaches a file to a created message that has not been sent yet. The conversation decides: a second file of
     * the same name, or any file after sending, is refused (409).
     */
    public FileReference upload(String messageId, Upload upload) {
        MessageRow message = existing(messageId);
        checkUpload(message.documentType().isReceipt(), upload);
        FileReference file = stored(upload);
        try {
            commands.sendAndWait(new AttachFileCommand(message.conversationId(), messageId, file, sizeLimit,
                    clock.instant()));
        } catch (MessageTooLargeException e) {
            throw ClientError.tooLarge("files of message " + messageId + " together", e.sizeLimit());
        } catch (FileNameTakenException e) {
            throw fileNameTaken(upload.name());
        } catch (MessageAlreadySentException e) {
            throw ClientError.conflict("messageId", e.rule(), e.getMessage());
        }
        return file;
    }

    /** Hands a created message over for sending with the files attached to it. Sending twice is harmless. */
    public void send(String messageId) {
        MessageRow message = existing(messageId);
        List<FileReference> attached = index.files(messageId, Direction.OUTGOING);
        requireFiles(message.documentType().isReceipt(), attached.size(), "files");
        commands.sendAndWait(new SendMessageCommand(message.conversationId(), messageId, attached, clock.instant()));
    }

    /** Creates, uploads and sends in one go, all or nothing: one command. */
    public Sbd createAndSend(String json, List<Upload> uploads) {
        Sbd sbd = validated(json);
        boolean receipt = sbd.documentType().orElseThrow().isReceipt();
        requireFiles(receipt, uploads.size(), "files");
        Set<String> names = new HashSet<>();
        for (Upload upload : uploads) {
            checkUpload(receipt, upload);
            if (!names.add(upload.name())) {
                throw fileNameTaken(upload.name());
            }
        }
        List<FileReference> stored = new ArrayList<>();
        for (Upload upload : uploads) {
            stored.add(stored(upload));
        }
        String messageId = sbd.messageId().orElseThrow();
        try {
            refusingATakenMessageId(messageId, () -> commands.sendAndWait(new CreateAndSendMessageCommand(
                    sbd.conversationId().orElseThrow(), messageId, details(sbd), sbd.json(), stored, sizeLimit,
                    clock.instant())));
        } catch (MessageTooLargeException e) {
            throw ClientError.tooLarge("files of the message together", e.sizeLimit());
        }
        return sbd;
    }

    public Page<MessageRow> list(MessageFilter filter, int page, int size) {
        return index.list(filter, page, size);
    }

    public MessageRow existing(String messageId) {
        return index.find(messageId, Direction.OUTGOING)
                .orElseThrow(() -> ClientError.notFound("No outgoing message with messageId " + messageId));
    }

    /** The files of an outgoing message, in the order it has them. */
    public List<FileReference> files(String messageId) {
        return index.files(messageId, Direction.OUTGOING);
    }

    private Sbd validated(String json) {
        Sbd sbd;
        try {
            sbd = Sbd.parse(json).withDefaults(defaults, us);
        } catch (SbdParseException e) {
            throw ClientError.invalid("sbd", "json", e.getMessage());
        }
        List<Violation> violations = new ArrayList<>(validator.validateOutgoing(sbd));
        sbd.sender().filter(sender -> !sender.equals(us)).ifPresent(sender -> violations.add(new Violation(
                "standardBusinessDocumentHeader.sender[0].identifier.value", "our-organisation",
                "This tracker sends for " + us.value() + ", not " + sender.value())));
        if (!violations.isEmpty()) {
            throw ClientError.invalid("The SBD has " + violations.size() + " violation(s)", violations);
        }
        String messageId = sbd.messageId().orElseThrow();
        if (index.find(messageId, Direction.OUTGOING).isPresent()) {
            throw messageIdTaken(messageId);
        }
        requireKnownReceiver(sbd);
        return sbd;
    }

    /**
     * An innsynskrav or publisering goes to a receiver the service registry knows for its process: one it does not
     * is the client's mistake now (400), not a FEIL later. Receipts go by DPE's queue rules, without the registry.
     */
    private void requireKnownReceiver(Sbd sbd) {
        DocumentType documentType = sbd.documentType().orElseThrow();
        if (documentType.isReceipt()) {
            return;
        }
        try {
            registry.dpeRecord(sbd.receiver().orElseThrow().value(), sbd.processIdentifier().orElseThrow(),
                    documentType.standard());
        } catch (ReceiverUnknownException e) {
            throw ClientError.invalid("standardBusinessDocumentHeader.receiver[0].identifier.value",
                    "receiver-takes-process", e.getMessage());
        } catch (ServiceRegistryUnavailableException e) {
            throw ClientError.unavailable("service-registry-unavailable", "The service registry cannot tell whether "
                    + "the receiver takes this process; nothing was recorded, try again later: " + e.getMessage());
        }
    }

    private MessageDetails details(Sbd sbd) {
        return MessageDetails.of(sbd, clock.instant().plus(defaults.defaultDeadline()));
    }

    private FileReference stored(Upload upload) {
        String sha256 = files.store(upload.content());
        return new FileReference(upload.name(), upload.filename(), upload.mediaType(), upload.content().length, sha256,
                upload.title());
    }

    /**
     * Runs a command that creates a message. Another conversation's message with the same messageId makes the message
     * index fail the command in its own transaction: that is the client's conflict, not our error.
     */
    private static void refusingATakenMessageId(String messageId, Runnable command) {
        try {
            command.run();
        } catch (RuntimeException e) {
            if (ExceptionUtils.findException(e, MessageIdInUseException.class).isPresent()) {
                throw messageIdTaken(messageId);
            }
            throw e;
        }
    }

    private static ClientError messageIdTaken(String messageId) {
        return ClientError.conflict("standardBusinessDocumentHeader.documentIdentification.instanceIdentifier",
                "unique", "A message with messageId " + messageId + " already exists");
    }

    private static ClientError fileNameTaken(String name) {
        return ClientError.conflict("Content-Disposition.name", "unique-name",
                "The message already has a file named '" + name + "'");
    }

    private static void checkUpload(boolean receipt, Upload upload) {
        if (receipt) {
            throw ClientError.invalid("file", "no-files", "Statuses and kvitteringer carry no files");
        }
        if (upload.content().length > MAX_FILE_SIZE) {
            throw ClientError.tooLarge("file " + upload.name(), MAX_FILE_SIZE);
        }
        if (upload.content().length == 0) {
            throw ClientError.invalid("file " + upload.name(), "not-empty", "The file " + upload.name() + " is empty");
        }
    }

    private static void requireFiles(boolean receipt, int count, String field) {
        if (!receipt && count == 0) {
            throw ClientError.invalid(field, "required",
                    "Innsynskrav and publisering are sent with at least one file; upload one first");
        }
    }
}
