package no.dpe.tracker.app.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The delivery time from SENDT to an answer, timed from what the processor noted as it passed the message's creation
 * and its SENDT, and from the conversation's history when it did not (a message created before a restart).
 */
class DeliveryTimeTest {

    static final String CONVERSATION = "c-1";
    static final String MESSAGE = "m-1";
    static final Instant SENDT_AT = Instant.parse("2026-11-30T10:00:00Z");
    static final Instant LEVERT_AT = SENDT_AT.plusSeconds(42);
    static final MessageCreatedEvent CREATED = new MessageCreatedEvent(CONVERSATION, MESSAGE,
            new MessageDetails(DpeProcess.JOURNALPOST, DocumentType.PUBLISERING, "986252932", "991825827",
                    SENDT_AT.plus(Duration.ofDays(1))),
            JsonNodeFactory.instance.objectNode(), MessageStatus.OPPRETTET, SENDT_AT.minusSeconds(1),
            Source.FAGSYSTEM);

    final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void shutDown() {
        eventStore.shutDown();
        registry.close();
    }

    @Test
    void an_answer_is_timed_from_the_sendt_the_processor_passed_without_reading_the_conversation_back() {
        // the event store holds nothing: only what the processor saw can time the answer
        StateChanges changes = new StateChanges(eventStore, registry);
        changes.on(CREATED);
        changes.on(status(MessageStatus.SENDT), SENDT_AT);
        changes.on(status(MessageStatus.LEVERT), LEVERT_AT);

        assertDeliveryTime("levert", Duration.ofSeconds(42));
    }

    @Test
    void an_answer_to_a_message_it_did_not_see_sent_is_timed_from_the_conversation_history() {
        eventStore.publish(
                new GenericDomainEventMessage<>("Conversation", CONVERSATION, 0, CREATED),
                new GenericDomainEventMessage<>("Conversation", CONVERSATION, 1, status(MessageStatus.SENDT),
                        MetaData.emptyInstance(), "e-2", SENDT_AT));
        StateChanges changes = new StateChanges(eventStore, registry);
        changes.on(status(MessageStatus.MOTTATT), LEVERT_AT);

        assertDeliveryTime("mottatt", Duration.ofSeconds(42));
    }

    @Test
    void an_answer_to_a_message_never_sent_is_not_timed() {
        StateChanges changes = new StateChanges(eventStore, registry);
        changes.on(CREATED);
        changes.on(status(MessageStatus.LEVERT), LEVERT_AT);

        assertThat(registry.find("dpe.delivery.time").timers()).isEmpty();
    }

    private void assertDeliveryTime(String stage, Duration expected) {
        Timer timer = registry.find("dpe.delivery.time").tag("stage", stage).tag("counterpart", "991825827")
                .tag("process", "JOURNALPOST").timer();
        assertThat(timer).as("dpe.delivery.time for " + stage).isNotNull();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(expected.toMillis());
    }

    private static MessageStatusRecordedEvent status(MessageStatus status) {
        return new MessageStatusRecordedEvent(CONVERSATION, MESSAGE, Direction.OUTGOING, status, null, status, false,
                false, SENDT_AT, Source.TRANSPORT);
    }
}
