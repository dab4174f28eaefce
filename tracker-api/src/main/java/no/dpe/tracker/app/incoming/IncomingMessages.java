package no.dpe.tracker.app.incoming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.asic.AsicE;
import no.dpe.tracker.core.asic.AsicFile;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.message.MessageFilter;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageRow;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * The fagsystem's side of receiving, as next-move clients do it: peek (lock the oldest waiting message),
 * pop (its files), delete (INNKOMMENDE_LEVERT). Blocking; the controller calls it off the event loop.
 */
class IncomingMessages {

    /** How long a peeked message stays locked to the client that peeked it (next-move's five minutes). */
    static final Duration LOCK = Duration.ofMinutes(5);
    private static final int CANDIDATES = 10;

    private final MessageIndex index;
    private final IncomingLocks locks;
    private final FileStore files;
    private final CommandGateway commands;
    private final Clock clock;

    IncomingMessages(MessageIndex index, IncomingLocks locks, FileStore files, CommandGateway commands, Clock clock) {
        this.index = index;
        this.locks = locks;
        this.files = files;
        this.commands = commands;
        this.clock = clock;
    }

    /** Locks the oldest unlocked waiting message that matches and returns it; empty when there is none. */
    Optional<MessageRow> peek(IncomingLocks.Query query, String owner) {
        Instant now = clock.instant();
        List<String> candidates;
        do {
            candidates = locks.candidates(query, now, CANDIDATES);
            for (String messageId : candidates) {
                // a lost claim means another client locked it, so the next round of candidates leaves it out
                if (locks.claim(messageId, owner, now, LOCK)) {
                    return index.find(messageId, Direction.INCOMING);
                }
            }
        } while (candidates.size() == CANDIDATES);
        return Optional.empty();
    }

    Page<MessageRow> list(MessageFilter filter, int page, int size) {
        return index.list(filter, page, size);
    }

    MessageRow existing(String messageId) {
        return index.find(messageId, Direction.INCOMING)
                .orElseThrow(() -> ClientError.notFound("No incoming message with messageId " + messageId));
    }

    /** The message's files as an ASiC-E container; empty for receipts (status, einnsyn_kvittering), which carry none. */
    Optional<byte[]> asic(String messageId) {
        MessageRow message = existing(messageId);
        if (message.documentType().isReceipt()) {
            return Optional.empty();
        }
        List<AsicFile> content = index.files(messageId, Direction.INCOMING).stream().map(this::content).toList();
        return Optional.of(AsicE.write(content));
    }

    /** The fagsystem has the message: INNKOMMENDE_LEVERT (the gateway sends LEVERT back). Repeating it is harmless. */
    MessageRow finish(String messageId) {
        MessageRow message = existing(messageId);
        commands.sendAndWait(new RecordStatusCommand(message.conversationId(), messageId, Direction.INCOMING,
                MessageStatus.INNKOMMENDE_LEVERT, null, clock.instant(), Source.FAGSYSTEM, null));
        locks.release(messageId);
        return message;
    }

    private AsicFile content(FileReference file) {
        byte[] bytes = files.content(file.sha256()).orElseThrow(() -> new IllegalStateException(
                "The content of file " + file.name() + " (" + file.sha256() + ") is missing from the file store"));
        return new AsicFile(file.name(), file.mediaType(), bytes);
    }
}
