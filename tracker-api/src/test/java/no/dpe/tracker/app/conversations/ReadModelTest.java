package no.dpe.tracker.app.conversations;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Base of the read-model API tests: makes history through the real application (the sending API and real
 * commands) and waits, boundedly, for the streaming projections to catch up. Adds no configuration, so the
 * one Spring context of {@link TrackerTest} is shared.
 */
public abstract class ReadModelTest extends TrackerTest {

    protected static final String US = "986252932";
    protected static final String EINNSYN = "991825827";

    @Autowired
    protected CommandGateway commands;

    /**
     * Creates a publisering to eInnsyn through the API and leaves it unsent: the Service Bus gateway only
     * publishes queued messages, so its statuses are exactly those a test records (a sent one would be answered
     * by the eInnsyn stand-in in its own time).
     */
    protected Sbd createPublisering() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        return sbd;
    }

    /** Our transport reports SENDT, as the Service Bus gateway does. */
    protected void sendt(Sbd sbd) {
        commands.sendAndWait(new RecordStatusCommand(sbd.conversationId().orElseThrow(), sbd.messageId().orElseThrow(),
                Direction.OUTGOING, MessageStatus.SENDT, null, Instant.now(), Source.TRANSPORT, null),
                Actor.tracker("test").metaData());
    }

    /** The receiver (eInnsyn) reports a status back, as its integration point does. */
    protected void reported(Sbd sbd, MessageStatus status) {
        commands.sendAndWait(new RecordStatusCommand(sbd.conversationId().orElseThrow(), sbd.messageId().orElseThrow(),
                Direction.OUTGOING, status, null, Instant.now(), Source.COUNTERPART, EINNSYN),
                Actor.tracker("test").metaData());
    }

    /** An innsynskrav from eInnsyn arrives over the transport. */
    protected Sbd receiveInnsynskrav() {
        Sbd sbd = fresh(Examples.INNSYNSKRAV);
        Instant now = Instant.now();
        commands.sendAndWait(new ReceiveMessageCommand(sbd.conversationId().orElseThrow(),
                sbd.messageId().orElseThrow(), MessageDetails.of(sbd, now.plus(Duration.ofDays(1))), sbd.json(),
                List.of(), now, now, null), Actor.tracker("test").metaData());
        return sbd;
    }

    /**
     * Retries {@code assertion} until it holds, for at most {@link #PATIENCE}: the read models follow the event
     * store in their own time. Fails with the last assertion error.
     */
    protected static void eventually(Runnable assertion) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            try {
                assertion.run();
                return;
            } catch (AssertionError e) {
                if (Instant.now().isAfter(giveUp)) {
                    throw e;
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
