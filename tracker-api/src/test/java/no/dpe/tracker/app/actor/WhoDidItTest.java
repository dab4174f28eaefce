package no.dpe.tracker.app.actor;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.ExpireMessageCommand;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.gateway.DpeQueues;
import no.dpe.tracker.gateway.Mode;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every event says who did it (ADR 0016): the API's caller, the transport that brought a message, or the tracker
 * itself. Read back as an auditor reads it, from the history over HTTP.
 */
class WhoDidItTest extends TrackerTest {

    @Autowired
    CommandGateway commands;

    /** The embedded default receives for 986252932 on its innsyn queue, where eInnsyn's stand-in answers too. */
    private static final String OUR_QUEUE = DpeQueues.queue("986252932", Mode.INNSYN);

    @Test
    void an_http_basic_users_send_records_the_user_and_role_on_its_events() {
        Sbd sbd = sent();

        List<Map<String, Object>> history = history(sbd);
        assertThat(history).hasSizeGreaterThanOrEqualTo(3);
        for (Map<String, Object> event : history.subList(0, 3)) {
            assertThat(metadata(event))
                    .containsEntry(Actor.KIND, "user")
                    .containsEntry(Actor.NAME, User.FAGSYSTEM.username)
                    .containsEntry(Actor.ROLE, "FAGSYSTEM")
                    .doesNotContainKeys(Actor.SUBJECT, Actor.CLIENT_ID, Actor.TRANSPORT_QUEUE);
            assertThat(event.get("actor")).isEqualTo("user fagsystem (FAGSYSTEM)");
        }
    }

    @Test
    void sendt_is_recorded_by_the_outbound_processor_with_the_queue_and_message_id_it_published_under() {
        Sbd sbd = sent();

        Map<String, Object> sendt = await(sbd, event -> "SENDT".equals(payload(event).get("status")));
        assertThat(metadata(sendt))
                .containsEntry(Actor.KIND, "tracker")
                .containsEntry(Actor.NAME, "servicebus-outbound")
                .containsEntry(Actor.TRANSPORT_MESSAGE_ID, sbd.messageId().orElseThrow())
                .containsKey(Actor.TRANSPORT_QUEUE)
                .doesNotContainKeys(Actor.ROLE);
    }

    @Test
    void a_status_that_came_over_service_bus_records_the_queue_and_its_message_id() {
        Sbd sbd = sent();

        Map<String, Object> mottatt = await(sbd, event -> "MOTTATT".equals(payload(event).get("status")));
        assertThat(metadata(mottatt))
                .containsEntry(Actor.KIND, "transport")
                .containsEntry(Actor.NAME, "servicebus-inbound")
                .containsEntry(Actor.TRANSPORT_QUEUE, OUR_QUEUE)
                .containsKey(Actor.TRANSPORT_MESSAGE_ID)
                .doesNotContainKeys(Actor.ROLE, Actor.PACKAGE_SIGNER);
    }

    @Test
    void an_expiry_is_recorded_by_the_trackers_own_clock() {
        Sbd sbd = withDeadline(Instant.now().plusSeconds(2));
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();

        Map<String, Object> expired = await(sbd, event -> "LEVETID_UTLOPT".equals(payload(event).get("status")));
        assertThat(metadata(expired))
                .containsEntry(Actor.KIND, "tracker")
                .containsEntry(Actor.NAME, "deadline-watcher")
                .doesNotContainKeys(Actor.ROLE, Actor.SUBJECT);
        assertThat(expired.get("actor")).isEqualTo("the tracker (deadline-watcher)");
    }

    @Test
    void a_command_that_names_no_actor_is_refused_rather_than_recorded_anonymously() {
        ExpireMessageCommand anonymous = new ExpireMessageCommand(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), Direction.OUTGOING, Instant.now());

        assertThatThrownBy(() -> commands.sendAndWait(anonymous)).hasStackTraceContaining("names no actor");
    }

    /** A journalpost to eInnsyn, created, its file uploaded and sent by the fagsystem over HTTP Basic. */
    private Sbd sent() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = sbd.messageId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{}").exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();
        return sbd;
    }

    private List<Map<String, Object>> history(Sbd sbd) {
        return as(User.AUDITOR).get().uri("/api/conversations/{id}/events", sbd.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
    }

    private Map<String, Object> await(Sbd sbd, Predicate<Map<String, Object>> wanted) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            Optional<Map<String, Object>> found = history(sbd).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertThat(Instant.now()).as("waited for the event").isBefore(giveUp);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadata(Map<String, Object> event) {
        return (Map<String, Object>) event.get("metadata");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> payload(Map<String, Object> event) {
        return (Map<String, Object>) event.get("payload");
    }

    private static Sbd withDeadline(Instant deadline) {
        Sbd template = fresh(Examples.PUBLISERING_JOURNALPOST);
        return Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification"))
                    .put("instanceIdentifier", template.messageId().orElseThrow());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", template.conversationId().orElseThrow());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.ofInstant(deadline, ZoneOffset.UTC).toString());
        });
    }
}
