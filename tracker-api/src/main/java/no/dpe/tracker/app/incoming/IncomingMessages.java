package no.dpe.tracker.app.incoming;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.asic.AsicE;
import no.dpe.tracker.core.asic.AsicFile;
import no.dpe.tracker.packaging.DpePackages;
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
    private final DpePackages packages;
    private final CommandGateway commands;
    private final Clock clock;

    IncomingMessages(MessageIndex index, IncomingLocks locks, FileStore files, DpePackages packages,
                     CommandGateway commands, Clock clock) {
        this.index = index;
        this.locks = locks;
        this.files = files;
        this.packages = packages;
        this.commands = commands;
        this.clock = clock;
    }

    /** Locks the oldest unlocked waiting message that matches and returns it; empty when there is none. */
    Optional<MessageRow> peek(MessageFilter filter, String owner) {
        Instant now = clock.instant();
        List<String> candidates;
        do {
            candidates = locks.candidates(filter, now, CANDIDATES);
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

    /**
     * The message's package as the sender signed it, decrypted now (it is kept encrypted, as it arrived); empty for
     * receipts (status, einnsyn_kvittering), which carry none. A message received before packages were signed and
     * encrypted had its files stored one by one: they come back in an unsigned ASiC-E, as they did then.
     */
    Optional<byte[]> asic(String messageId, String caller) {
        MessageRow message = locked(messageId, caller);
        if (message.documentType().isReceipt()) {
            return Optional.empty();
        }
        if (message.packageSha256() != null) {
            return Optional.of(packages.decrypt(stored(message.packageSha256(), "package of " + messageId)));
        }
        List<AsicFile> content = index.files(messageId, Direction.INCOMING).stream()
                .map(file -> new AsicFile(file.name(), file.mediaType(), stored(file.sha256(), "file " + file.name())))
                .toList();
        return Optional.of(AsicE.write(content));
    }

    /** The fagsystem has the message: INNKOMMENDE_LEVERT (the gateway sends LEVERT back). Repeating it is harmless. */
    MessageRow finish(String messageId, String caller) {
        MessageRow message = locked(messageId, caller);
        commands.sendAndWait(new RecordStatusCommand(message.conversationId(), messageId, Direction.INCOMING,
                MessageStatus.INNKOMMENDE_LEVERT, null, clock.instant(), Source.FAGSYSTEM, null));
        locks.release(messageId);
        return message;
    }

    /**
     * The message, if the caller holds its lock: pop and delete come after a peek, as next-move requires (400 when
     * not locked); an unknown message is 404. A message already finished needs no lock to be finished again.
     */
    private MessageRow locked(String messageId, String caller) {
        MessageRow message = existing(messageId);
        if (message.status() != MessageStatus.INNKOMMENDE_LEVERT
                && !locks.heldBy(messageId, caller, clock.instant())) {
            throw ClientError.invalid("messageId", "locked", "Message with messageId = " + messageId
                    + " was not locked by you: peek it first (GET /api/messages/in/peek?messageId=" + messageId + ")");
        }
        return message;
    }

    private byte[] stored(String sha256, String what) {
        return files.content(sha256).orElseThrow(() -> new IllegalStateException(
                "The " + what + " (" + sha256 + ") is missing from the file store"));
    }
}
