package no.dpe.tracker.app.message;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.CreateMessageCommand;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.SendMessageCommand;
import no.dpe.tracker.core.sbd.OrganisationNumber;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.core.sbd.SbdDefaults;
import no.dpe.tracker.core.sbd.SbdParseException;
import no.dpe.tracker.core.sbd.SbdValidator;
import no.dpe.tracker.core.sbd.Violation;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import no.dpe.tracker.projections.message.MessageIdInUseException;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageRow;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.ExceptionUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sending, as a next-move client does it: create the message from its SBD, upload its files, send it.
 * Blocking; the controller calls it off the event loop. Every check runs before anything is recorded, and
 * the create-upload-send of a multipart request runs in one transaction, so nothing is half-applied.
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
    private final TransactionTemplate transaction;
    private final Clock clock;

    public OutgoingMessages(CommandGateway commands, MessageIndex index, FileStore files, SbdDefaults defaults,
                            SbdValidator validator, OrganisationNumber us, TransactionTemplate transaction,
                            Clock clock) {
        this.commands = commands;
        this.index = index;
        this.files = files;
        this.defaults = defaults;
        this.validator = validator;
        this.us = us;
        this.transaction = transaction;
        this.clock = clock;
    }

    /** Creates an outgoing message (OPPRETTET) and returns its SBD with the defaults filled in. */
    public Sbd create(String json) {
        Sbd sbd = validated(json);
        transaction.executeWithoutResult(status -> record(sbd));
        return sbd;
    }

    /** Stores a file for a created message that has not been sent yet. */
    public FileReference upload(String messageId, Upload upload) {
        MessageRow message = unsent(messageId);
        checkUpload(message, upload, Set.of());
        return files.store(messageId, upload.name(), upload.filename(), upload.mediaType(), upload.title(),
                upload.content());
    }

    /** Hands a created message over for sending with the files uploaded for it. Sending twice is harmless. */
    public void send(String messageId) {
        MessageRow message = existing(messageId);
        List<FileReference> uploaded = files.filesOf(messageId);
        requireFiles(message.documentType().isReceipt(), uploaded.size(), "files");
        commands.sendAndWait(new SendMessageCommand(message.conversationId(), messageId, uploaded, clock.instant()));
    }

    /** Creates, uploads and sends in one go, all or nothing. */
    public Sbd createAndSend(String json, List<Upload> uploads) {
        Sbd sbd = validated(json);
        requireFiles(sbd.documentType().orElseThrow().isReceipt(), uploads.size(), "files");
        Set<String> names = new HashSet<>();
        for (Upload upload : uploads) {
            checkUpload(null, upload, names);
            names.add(upload.name());
        }
        String messageId = sbd.messageId().orElseThrow();
        transaction.executeWithoutResult(status -> {
            record(sbd);
            List<FileReference> stored = new ArrayList<>();
            for (Upload upload : uploads) {
                stored.add(files.store(messageId, upload.name(), upload.filename(), upload.mediaType(),
                        upload.title(), upload.content()));
            }
            commands.sendAndWait(new SendMessageCommand(sbd.conversationId().orElseThrow(), messageId, stored,
                    clock.instant()));
        });
        return sbd;
    }

    public Page<MessageRow> list(MessageFilter filter, int page, int size) {
        return index.list(filter, page, size);
    }

    public MessageRow existing(String messageId) {
        return index.find(messageId, Direction.OUTGOING)
                .orElseThrow(() -> ClientError.notFound("No outgoing message with messageId " + messageId));
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
        return sbd;
    }

    private void record(Sbd sbd) {
        String messageId = sbd.messageId().orElseThrow();
        try {
            commands.sendAndWait(new CreateMessageCommand(sbd.conversationId().orElseThrow(), messageId,
                    MessageDetails.of(sbd, clock.instant().plus(defaults.defaultDeadline())), sbd.json(),
                    clock.instant()));
        } catch (RuntimeException e) {
            // raised by the message index inside the command's transaction, possibly wrapped on the way out
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

    private MessageRow unsent(String messageId) {
        MessageRow message = existing(messageId);
        if (message.queuedForSending()) {
            throw ClientError.conflict("messageId", "not-sent",
                    "Message " + messageId + " has been sent; files can only be added before sending");
        }
        return message;
    }

    private void checkUpload(MessageRow message, Upload upload, Set<String> namesSoFar) {
        if (message != null && message.documentType().isReceipt()) {
            throw ClientError.invalid("file", "no-files",
                    "A " + message.documentType().type() + " message carries no files");
        }
        if (upload.content().length > MAX_FILE_SIZE) {
            throw ClientError.tooLarge("file " + upload.name(), MAX_FILE_SIZE);
        }
        if (upload.content().length == 0) {
            throw ClientError.invalid("file " + upload.name(), "not-empty", "The file " + upload.name() + " is empty");
        }
        if (namesSoFar.contains(upload.name())
                || (message != null && files.has(message.messageId(), upload.name()))) {
            throw ClientError.conflict("Content-Disposition.name", "unique-name",
                    "The message already has a file named '" + upload.name() + "'");
        }
    }

    private static void requireFiles(boolean receipt, int count, String field) {
        if (!receipt && count == 0) {
            throw ClientError.invalid(field, "required",
                    "Innsynskrav and publisering are sent with at least one file; upload one first");
        }
    }
}
