package no.dpe.tracker.app.processing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.transport.EinnsynStandInHolder;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageQueuedForSendingEvent;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.outbound.OutboundMessages;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An event a processor cannot handle parks its conversation, and only that: the processor goes on with every other
 * conversation, an administrator sees the letter with its cause, health says WARNING, and a retry after the cause is
 * mended (or an eviction) clears it. Poison is made the way it arises: an event stored without the one it depends on
 * (what a lost transaction once left behind), and rows a read model cannot write.
 */
abstract class PoisonEventsTest extends TrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final FileReference FILE = new FileReference("journalpost.json", "journalpost.json",
            "application/json", 30, "ab".repeat(32), null);

    @Autowired
    EinnsynStandInHolder standIns;
    @Autowired
    EventStore eventStore;

    @Autowired
    JdbcTemplate jdbc;

    private final List<String> poisoned = new ArrayList<>();

    @AfterEach
    void clearLetters() throws Exception {
        jdbc.execute("ALTER TABLE conversation_summary DROP CONSTRAINT IF EXISTS refuse_one_conversation");
        jdbc.execute("ALTER TABLE message_index DROP CONSTRAINT IF EXISTS refuse_one_sendt");
        for (JsonNode sequence : deadLetters()) {
            if (poisoned.contains(sequence.path("sequence").asText())) {
                as(User.ADMIN).delete().uri("/api/admin/dead-letters/{processor}/{sequence}",
                        sequence.path("processor").asText(), sequence.path("sequence").asText()).exchange();
            }
        }
    }

    @Test
    void an_event_the_outbound_publisher_fails_on_parks_its_conversation_while_the_others_are_sent() throws Exception {
        String conversation = poison();
        store(conversation, 0, queuedWithoutCreation(conversation));

        List<Sbd> others = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            others.add(send(fresh(Examples.PUBLISERING_JOURNALPOST)));
        }

        for (Sbd sbd : others) {
            awaitStatus(sbd, status -> List.of("SENDT", "MOTTATT", "LEVERT").contains(status));
        }
        JsonNode letters = awaitLetters(OutboundMessages.PROCESSING_GROUP, conversation, 1);
        assertThat(letters).hasSize(1);
        assertThat(letters.path(0).path("eventType").asText()).isEqualTo("MessageQueuedForSendingEvent");
        assertThat(letters.path(0).path("causeType").asText()).isEqualTo(IllegalStateException.class.getName());
        assertThat(letters.path(0).path("causeMessage").asText()).contains("never created");
        assertThat(health()).isEqualTo("WARNING");
    }

    @Test
    void a_later_event_of_a_parked_conversation_waits_behind_it_and_eviction_drops_them_both() throws Exception {
        String conversation = poison();
        store(conversation, 0, queuedWithoutCreation(conversation));
        awaitLetters(OutboundMessages.PROCESSING_GROUP, conversation, 1);
        store(conversation, 1, queuedWithoutCreation(conversation));

        JsonNode letters = awaitLetters(OutboundMessages.PROCESSING_GROUP, conversation, 2);
        assertThat(letters).hasSize(2);
        assertThat(letters.path(1).path("causeType").isNull())
                .as("the second event was never tried: it waits behind the first").isTrue();

        as(User.ADMIN).delete().uri("/api/admin/dead-letters/{processor}/{sequence}",
                        OutboundMessages.PROCESSING_GROUP, conversation).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.evicted").isEqualTo(2);
        as(User.ADMIN).get().uri("/api/admin/dead-letters/{processor}/{sequence}",
                OutboundMessages.PROCESSING_GROUP, conversation).exchange().expectStatus().isNotFound();
    }

    @Test
    void a_conversation_whose_read_model_rows_cannot_be_written_is_parked_and_written_when_retried()
            throws Exception {
        Sbd refused = fresh(Examples.PUBLISERING_JOURNALPOST);
        String conversation = refused.conversationId().orElseThrow();
        poisoned.add(conversation);
        jdbc.execute("ALTER TABLE conversation_summary ADD CONSTRAINT refuse_one_conversation "
                + "CHECK (conversation_id <> '" + conversation + "')");

        send(refused);
        Sbd other = send(fresh(Examples.PUBLISERING_JOURNALPOST));

        awaitSupportStatus(other, "LEVERT");
        awaitStatus(refused, "LEVERT"::equals);
        // created, attached, queued, SENDT, MOTTATT, LEVERT, the kvittering received and recorded on the
        // publisering: all parked, in order
        JsonNode letters = awaitLetters(MessageStateProjection.PROCESSING_GROUP, conversation, 8);
        assertThat(letters).hasSize(8);
        assertThat(letters.path(0).path("eventType").asText()).isEqualTo("MessageCreatedEvent");
        as(User.SUPPORT).get().uri("/api/support/conversations/{id}", conversation).exchange()
                .expectStatus().isNotFound();

        jdbc.execute("ALTER TABLE conversation_summary DROP CONSTRAINT refuse_one_conversation");
        as(User.ADMIN).post().uri("/api/admin/dead-letters/{processor}/{sequence}/retry",
                        MessageStateProjection.PROCESSING_GROUP, conversation).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.succeeded").isEqualTo(true)
                .jsonPath("$.remaining").isEqualTo(0);

        awaitSupportStatus(refused, "LEVERT");
    }

    @Test
    void a_transport_step_whose_record_fails_in_the_database_parks_its_conversation_and_completes_when_retried()
            throws Exception {
        Sbd refused = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = refused.messageId().orElseThrow();
        String conversation = refused.conversationId().orElseThrow();
        poisoned.add(conversation);
        // the outbound publisher's SENDT fails in the database, inside the publisher's own transaction (on
        // PostgreSQL that aborts it, unless the handler ran in a savepoint)
        jdbc.execute("ALTER TABLE message_index ADD CONSTRAINT refuse_one_sendt "
                + "CHECK (NOT (message_id = '" + messageId + "' AND status = 'SENDT'))");

        // eInnsyn rests until the SENDT has failed: the publisher records SENDT once its batch is on the bus, and a
        // MOTTATT that overtook it would leave the SENDT late, which moves no row and so meets no constraint
        EinnsynStandIn einnsyn = standIns.standIn().orElseThrow();
        einnsyn.stop();
        Sbd other;
        JsonNode letters;
        try {
            send(refused);
            other = send(fresh(Examples.PUBLISERING_JOURNALPOST));
            letters = awaitLetters(OutboundMessages.PROCESSING_GROUP, conversation, 1);
        } finally {
            einnsyn.start();
        }
        awaitStatus(other, "LEVERT"::equals);
        assertThat(letters.path(0).path("eventType").asText()).isEqualTo("MessageQueuedForSendingEvent");
        assertThat(letters.path(0).path("causeType").asText()).isEqualTo(DataIntegrityViolationException.class.getName());
        assertThat(letters.path(0).path("causeMessage").asText()).containsIgnoringCase("refuse_one_sendt");

        jdbc.execute("ALTER TABLE message_index DROP CONSTRAINT refuse_one_sendt");
        as(User.ADMIN).post().uri("/api/admin/dead-letters/{processor}/{sequence}/retry",
                        OutboundMessages.PROCESSING_GROUP, conversation).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.succeeded").isEqualTo(true);
        awaitStatus(refused, "LEVERT"::equals);
    }

    @Test
    void dead_letters_are_for_administrators_and_unknown_ones_are_not_found() {
        http.get().uri("/api/admin/dead-letters").exchange().expectStatus().isForbidden();
        as(User.ADMIN).get().uri("/api/admin/dead-letters/{processor}/{sequence}", "no-such-processor", "x")
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as(User.ADMIN).post().uri("/api/admin/dead-letters/{processor}/{sequence}/retry",
                        OutboundMessages.PROCESSING_GROUP, UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
    }

    private String poison() {
        String conversation = UUID.randomUUID().toString();
        poisoned.add(conversation);
        return conversation;
    }

    private static MessageQueuedForSendingEvent queuedWithoutCreation(String conversation) {
        return new MessageQueuedForSendingEvent(conversation, UUID.randomUUID().toString(), List.of(FILE),
                Instant.now(), Source.FAGSYSTEM);
    }

    private void store(String conversation, long sequence, Object payload) {
        eventStore.publish(new GenericDomainEventMessage<>("Conversation", conversation, sequence, payload));
    }

    private Sbd send(Sbd sbd) {
        String messageId = sbd.messageId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{\"journalpost\": \"" + messageId + "\"}").exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();
        return sbd;
    }

    private void awaitStatus(Sbd sbd, Predicate<String> reached) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        String status = null;
        while (Instant.now().isBefore(giveUp)) {
            status = JSON.readTree(http.get().uri("/api/tracker/messages/out/{id}", sbd.messageId().orElseThrow()).exchange()
                    .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                    .path("status").asText();
            if (reached.test(status)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(status).as("the status of %s", sbd.messageId().orElseThrow()).matches(reached);
    }

    private void awaitSupportStatus(Sbd sbd, String status) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        String seen = null;
        while (Instant.now().isBefore(giveUp)) {
            var result = as(User.SUPPORT).get().uri("/api/support/conversations/{id}",
                    sbd.conversationId().orElseThrow()).exchange().expectBody(String.class).returnResult();
            if (result.getStatus().is2xxSuccessful()) {
                seen = JSON.readTree(result.getResponseBody()).path("conversation").path("status").asText();
                if (status.equals(seen)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        assertThat(seen).as("the status support sees for conversation %s", sbd.conversationId().orElseThrow())
                .isEqualTo(status);
    }

    /** The conversation's letters in the processor, once there are at least {@code count}. */
    private JsonNode awaitLetters(String processor, String conversation, int count) throws Exception {
        Instant giveUp = Instant.now().plus(PATIENCE);
        JsonNode letters = JSON.createArrayNode();
        while (Instant.now().isBefore(giveUp)) {
            for (JsonNode sequence : deadLetters()) {
                if (sequence.path("processor").asText().equals(processor)
                        && sequence.path("sequence").asText().equals(conversation)) {
                    letters = sequence.path("letters");
                }
            }
            if (letters.size() >= count) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(letters).as("the dead letters of %s in %s", conversation, processor).hasSizeGreaterThanOrEqualTo(count);
        return letters;
    }

    private JsonNode deadLetters() throws Exception {
        return JSON.readTree(as(User.ADMIN).get().uri("/api/admin/dead-letters").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private String health() throws Exception {
        return JSON.readTree(anonymous().get().uri("/actuator/health").exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody())
                .path("status").asText();
    }
}
