package no.dpe.tracker.app.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Auditors see a conversation as it was at any instant, and export every event. */
class AuditApiTest extends ReadModelTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    PlatformTransactionManager transactions;

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> history(String conversationId) {
        return as(User.AUDITOR).get().uri("/api/conversations/{id}/events", conversationId).exchange()
                .expectStatus().isOk().expectBodyList(Map.class).returnResult().getResponseBody()
                .stream().map(entry -> (Map<String, Object>) entry).toList();
    }

    @Test
    void a_conversation_as_of_an_instant_shows_only_what_had_been_recorded_by_then() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        reported(sbd, MessageStatus.LEVERT);
        String conversationId = sbd.conversationId().orElseThrow();
        List<Map<String, Object>> events = history(conversationId);
        List<String> statuses = List.of("OPPRETTET", "SENDT", "LEVERT");
        for (Map<String, Object> event : events) {
            Instant at = Instant.parse((String) event.get("timestamp"));
            // events recorded within the same millisecond were all known at that instant
            int knownThen = (int) events.stream()
                    .filter(other -> !Instant.parse((String) other.get("timestamp")).isAfter(at)).count();

            as(User.AUDITOR).get().uri("/api/audit/conversations/{id}?asOf={at}", conversationId, at).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.asOf").isEqualTo(at.toString())
                    .jsonPath("$.events").isEqualTo(knownThen)
                    .jsonPath("$.messages[0].message.status").isEqualTo(statuses.get(knownThen - 1))
                    .jsonPath("$.messages[0].message.history.length()").isEqualTo(knownThen);
        }
        as(User.AUDITOR).get().uri("/api/audit/conversations/{id}", conversationId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages[0].message.status").isEqualTo("LEVERT")
                .jsonPath("$.messages[0].message.history.length()").isEqualTo(3);
    }

    @Test
    void the_state_as_of_now_is_what_the_message_state_projection_holds() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        String conversationId = sbd.conversationId().orElseThrow();

        eventually(() -> {
            JsonNode projected = body(as(User.SUPPORT).get().uri("/api/support/conversations/{id}", conversationId));
            JsonNode folded = body(as(User.AUDITOR).get().uri("/api/audit/conversations/{id}", conversationId));
            JsonNode stored = projected.path("messages").path(0).path("message");
            JsonNode asOf = folded.path("messages").path(0).path("message");
            assertThat(stored.path("history").size()).isEqualTo(2);
            for (String field : List.of("status", "sender", "receiver", "deadline", "queuedAt", "createdAt",
                    "lastUpdate", "lastSequence")) {
                assertThat(asOf.path(field)).as(field).isEqualTo(stored.path(field));
            }
        });
    }

    @Test
    void a_conversation_before_its_first_event_or_unknown_is_404() {
        Sbd sbd = createPublisering();
        as(User.AUDITOR).get().uri("/api/audit/conversations/{id}?asOf=2020-01-01T00:00:00Z",
                        sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as(User.AUDITOR).get().uri("/api/audit/conversations/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void the_export_streams_every_event_in_global_order_as_ndjson_and_resumes_after_a_position() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Sbd sbd = createPublisering();
        sendt(sbd);

        List<JsonNode> lines = ndjson("/api/audit/events?from=" + before);
        List<JsonNode> ours = lines.stream()
                .filter(line -> line.path("conversationId").asText().equals(sbd.conversationId().orElseThrow()))
                .toList();
        assertThat(ours).extracting(line -> line.path("type").asText())
                .containsExactly("MessageCreatedEvent", "MessageStatusRecordedEvent");
        assertThat(ours.get(0).path("payload").path("messageId").asText()).isEqualTo(sbd.messageId().orElseThrow());
        assertThat(ours.get(0).path("metadata").path("correlationId").isTextual()).isTrue();
        assertThat(lines).extracting(line -> line.path("position").asLong()).isSorted();

        long resumeAfter = ours.get(0).path("position").asLong();
        assertThat(ndjson("/api/audit/events?after=" + resumeAfter))
                .extracting(line -> line.path("position").asLong())
                .allMatch(position -> position > resumeAfter)
                .contains(ours.get(1).path("position").asLong());
    }

    @Test
    void an_export_resumed_after_a_line_also_delivers_the_events_committed_late_under_a_lower_position()
            throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        Sbd late = createPublisering();
        Sbd early = createPublisering();
        CountDownLatch recorded = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        // SENDT of the one message takes its position in a transaction that commits only after the other's SENDT
        Thread slowTransaction = Thread.ofVirtual().start(() -> new TransactionTemplate(transactions)
                .executeWithoutResult(transaction -> {
                    sendt(late);
                    recorded.countDown();
                    await(commit);
                }));
        try {
            assertThat(recorded.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            sendt(early);

            List<JsonNode> first = ndjson("/api/audit/events?from=" + before);
            assertThat(types(first, late)).containsExactly("MessageCreatedEvent");
            assertThat(types(first, early)).containsExactly("MessageCreatedEvent", "MessageStatusRecordedEvent");
            String resume = first.get(first.size() - 1).path("resume").asText();
            assertThat(resume).as("the position not yet committed rides along").contains(":");

            commit.countDown();
            slowTransaction.join();

            List<JsonNode> resumed = ndjson("/api/audit/events?after=" + resume);
            assertThat(types(resumed, late)).containsExactly("MessageStatusRecordedEvent");
            assertThat(types(resumed, early)).isEmpty();
        } finally {
            commit.countDown();
            slowTransaction.join();
        }
    }

    @Test
    void an_export_resumed_after_something_that_is_not_a_resume_is_refused_with_a_problem() {
        as(User.AUDITOR).get().uri("/api/audit/events?after=12:x").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("after");
    }

    @Test
    void an_export_range_that_ends_before_it_starts_is_refused_with_a_problem() {
        as(User.AUDITOR).get().uri("/api/audit/events?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("to");
    }

    private static List<String> types(List<JsonNode> lines, Sbd sbd) {
        return lines.stream()
                .filter(line -> line.path("conversationId").asText().equals(sbd.conversationId().orElseThrow()))
                .map(line -> line.path("type").asText())
                .toList();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<JsonNode> ndjson(String uri) throws Exception {
        var result = as(User.AUDITOR).get().uri(uri).accept(MediaType.APPLICATION_NDJSON).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_NDJSON)
                .expectBody(String.class).returnResult();
        String body = result.getResponseBody() == null ? "" : result.getResponseBody();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                lines.add(JSON.readTree(line));
            }
        }
        return lines;
    }

    private static JsonNode body(org.springframework.test.web.reactive.server.WebTestClient.RequestHeadersSpec<?> request) {
        try {
            return JSON.readTree(request.exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                    .getResponseBody());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Whatever the suite's other tests stored in this application before this one (all kinds of events, concurrent
     * commands, events filling gaps), sealed and verified: a false alarm of the chain would show here.
     */
    @Test
    void every_event_the_suite_stored_so_far_is_sealed_and_verifies_intact() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        reported(sbd, MessageStatus.LEVERT);
        as(User.AUDITOR).post().uri("/api/audit/checkpoints").exchange().expectStatus().isOk();

        JsonNode store = body(as(User.AUDITOR).get().uri("/api/audit/verify"));
        assertThat(store.path("intact").asBoolean()).as(store.toString()).isTrue();
        assertThat(store.path("summary").asText()).startsWith("Intact up to checkpoint ");
        JsonNode conversation = body(as(User.AUDITOR).get().uri("/api/audit/conversations/{id}/verify",
                sbd.conversationId().orElseThrow()));
        assertThat(conversation.path("intact").asBoolean()).as(conversation.toString()).isTrue();
        assertThat(conversation.path("eventsChecked").asInt()).isEqualTo(3);
    }
}
