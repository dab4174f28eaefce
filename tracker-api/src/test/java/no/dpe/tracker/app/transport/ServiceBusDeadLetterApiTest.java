package no.dpe.tracker.app.transport;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.WireMessage;
import no.dpe.tracker.projections.message.MessageIndex;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Our queues' Service Bus dead letters, listed, resubmitted and discarded by an administrator. */
class ServiceBusDeadLetterApiTest extends TrackerTest {

    static final String QUEUE = OurQueue.NAME;

    @Autowired
    EmbeddedServiceBus serviceBus;
    @Autowired
    MessageIndex index;

    private OurQueue queue;

    @BeforeEach
    void ourQueue() {
        queue = new OurQueue(serviceBus, as(User.ADMIN));
    }

    private long deadLettered(byte[] body, String reason) {
        return queue.deadLettered(body, reason);
    }

    private List<Map<String, Object>> letters() {
        return queue.letters();
    }

    @Test
    void a_dead_letter_is_listed_with_its_reason_for_an_admin_only_and_discarded() {
        long sequenceNumber = deadLettered("not a DPE message".getBytes(StandardCharsets.UTF_8), "NotJson");

        as(User.SUPPORT).get().uri("/api/admin/servicebus/dead-letters").exchange().expectStatus().isForbidden();
        as(User.ADMIN).delete().uri("/api/admin/servicebus/dead-letters/{queue}/{n}", QUEUE, sequenceNumber)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reason").isEqualTo("NotJson");

        assertThat(letters()).noneMatch(letter -> ((Number) letter.get("sequenceNumber")).longValue()
                == sequenceNumber);
        as(User.ADMIN).delete().uri("/api/admin/servicebus/dead-letters/{queue}/{n}", QUEUE, sequenceNumber)
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void a_status_that_came_before_its_message_is_taken_when_resubmitted_after_it() {
        Sbd publisering = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = publisering.messageId().orElseThrow();
        Sbd mottatt = Sbd.status(publisering, "MOTTATT", OffsetDateTime.now(ZoneOffset.UTC));
        long sequenceNumber = deadLettered(new WireMessage(mottatt, null).toBytes(), "UnknownMessage");
        assertThat(letters()).anySatisfy(letter -> {
            assertThat(letter.get("messageId")).isEqualTo(messageId);
            assertThat(letter.get("documentType")).isEqualTo("status");
        });

        http.post().uri("/api/messages/out/multipart").contentType(MediaType.MULTIPART_FORM_DATA)
                .bodyValue(OurQueue.publisering(publisering)).exchange().expectStatus().isOk();
        Tracker.await(() -> index.find(messageId, Direction.OUTGOING)
                .map(row -> row.status() == MessageStatus.LEVERT).orElse(false), "the publisering is LEVERT");
        as(User.ADMIN).post().uri("/api/admin/servicebus/dead-letters/{queue}/{n}/resubmit", QUEUE, sequenceNumber)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.messageId").isEqualTo(messageId);

        Tracker.await(() -> queue.emulator().activeMessageCount(QUEUE) == 0, "the resubmitted status is taken");
        assertThat(letters()).as("not dead-lettered again").noneMatch(letter -> messageId.equals(letter.get("messageId")));
    }

    @Test
    void an_unknown_queue_or_a_sequence_number_that_is_not_one_is_a_problem() {
        as(User.ADMIN).delete().uri("/api/admin/servicebus/dead-letters/{queue}/1", "nextbestqueue910077473data")
                .exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        as(User.ADMIN).post().uri("/api/admin/servicebus/dead-letters/{queue}/first/resubmit", QUEUE)
                .exchange().expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
