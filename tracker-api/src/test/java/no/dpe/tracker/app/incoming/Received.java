package no.dpe.tracker.app.incoming;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.sbd.Sbd;
import org.axonframework.commandhandling.gateway.CommandGateway;

/**
 * Receives a message the way the Service Bus gateway does: its files into the file store first, then
 * ReceiveMessageCommand through Axon. For tests that need incoming messages.
 */
public final class Received {

    private Received() {
    }

    public static Sbd message(CommandGateway commands, FileStore store, Sbd sbd, Map<String, byte[]> files) {
        String messageId = sbd.messageId().orElseThrow();
        List<FileReference> references = new ArrayList<>();
        files.forEach((name, content) -> references.add(new FileReference(name, name, "application/json",
                content.length, store.store(content), null)));
        Instant now = Instant.now();
        commands.sendAndWait(new ReceiveMessageCommand(sbd.conversationId().orElseThrow(), messageId,
                MessageDetails.of(sbd, now.plus(1, ChronoUnit.DAYS)), sbd.json(), references, now, now, null),
                Actor.tracker("test").metaData());
        return sbd;
    }
}
