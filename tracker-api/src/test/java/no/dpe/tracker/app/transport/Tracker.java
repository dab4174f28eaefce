package no.dpe.tracker.app.transport;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;

import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.app.actor.Caller;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.projections.message.MessageIndex;
import no.dpe.tracker.projections.message.MessageRow;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** One tracker application, as a test starts, drives, stops and starts again. */
public final class Tracker implements AutoCloseable {

    static final Duration PATIENCE = Duration.ofSeconds(60);

    private final String organisation;
    private final List<String> args;
    private ConfigurableApplicationContext context;

    public Tracker(String organisation, String mode, Path dataDir, String connectionString, String... extra) {
        this.organisation = organisation;
        this.args = new ArrayList<>(List.of(
                "--server.port=0",
                "--spring.application.name=tracker-" + organisation,
                "--dpe.tracker.organisation-number=" + organisation,
                "--dpe.tracker.data-dir=" + dataDir.resolve(organisation),
                "--dpe.tracker.deadline-poll-interval=PT0.2S",
                "--dpe.tracker.servicebus.connection-string=" + connectionString,
                "--dpe.tracker.servicebus.modes=" + mode,
                "--dpe.tracker.servicebus.try-timeout=PT5S",
                "--dpe.tracker.servicebus.einnsyn-stand-in.enabled=false"));
        this.args.addAll(List.of(extra));
    }

    public Tracker start() {
        context = new SpringApplicationBuilder(TrackerApplication.class).run(args.toArray(String[]::new));
        return this;
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String organisation() {
        return organisation;
    }

    /** The port its HTTP API listens on. */
    public int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public OutgoingMessages outgoing() {
        return bean(OutgoingMessages.class);
    }

    /**
     * Runs {@code work} as an HTTP request of the fagsystem runs it, so the commands it sends name that caller: for
     * tests that call the application's services directly.
     */
    public static <T> T asFagsystem(Callable<T> work) {
        try {
            return Caller.as(Actor.user("fagsystem", "FAGSYSTEM", null, null), work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public Optional<MessageRow> message(String messageId, Direction direction) {
        return bean(MessageIndex.class).find(messageId, direction);
    }

    /** What our fagsystem does when it has read an incoming message (DELETE /api/messages/in/{id}). */
    public void finish(String conversationId, String messageId) {
        bean(CommandGateway.class).sendAndWait(new RecordStatusCommand(conversationId, messageId, Direction.INCOMING,
                MessageStatus.INNKOMMENDE_LEVERT, null, Instant.now(), Source.FAGSYSTEM, null),
                Actor.tracker("test").metaData());
    }

    public List<Object> history(String conversationId) {
        return bean(EventStore.class).readEvents(conversationId, 0).asStream()
                .map(DomainEventMessage::getPayload).map(Object.class::cast).toList();
    }

    public MessageRow awaitStatus(String messageId, Direction direction, MessageStatus status) {
        await(() -> message(messageId, direction).map(row -> row.status() == status).orElse(false),
                organisation + ": " + direction + " message " + messageId + " reaches " + status + " (it is "
                        + message(messageId, direction).map(row -> row.status().name()).orElse("absent") + ")");
        return message(messageId, direction).orElseThrow();
    }

    public static void await(BooleanSupplier condition, String what) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(giveUp)) {
                throw new AssertionError("Gave up waiting until " + what);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
