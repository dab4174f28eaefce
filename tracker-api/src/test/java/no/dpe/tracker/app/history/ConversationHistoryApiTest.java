package no.dpe.tracker.app.history;

import java.util.UUID;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** An auditor reads a conversation's history back from the event store. */
class ConversationHistoryApiTest extends TrackerTest {

    @Test
    void the_history_lists_every_event_from_the_first_with_payload_and_metadata() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = sbd.messageId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{}").exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();

        as(User.AUDITOR).get().uri("/api/conversations/{id}/events", sbd.conversationId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[0].type").isEqualTo("MessageCreatedEvent")
                .jsonPath("$[0].sequence").isEqualTo(0)
                .jsonPath("$[0].timestamp").exists()
                .jsonPath("$[0].payload.messageId").isEqualTo(messageId)
                .jsonPath("$[0].payload.status").isEqualTo("OPPRETTET")
                .jsonPath("$[0].payload.source").isEqualTo("FAGSYSTEM")
                .jsonPath("$[0].payload.sbd.standardBusinessDocumentHeader.documentIdentification.instanceIdentifier")
                .isEqualTo(messageId)
                .jsonPath("$[0].metadata.correlationId").exists()
                .jsonPath("$[0].metadata.causationId").exists()
                .jsonPath("$[1].type").isEqualTo("FileAttachedEvent")
                .jsonPath("$[1].sequence").isEqualTo(1)
                .jsonPath("$[1].payload.file.name").isEqualTo("journalpost.json")
                .jsonPath("$[1].payload.file.sha256").exists()
                .jsonPath("$[2].type").isEqualTo("MessageQueuedForSendingEvent")
                .jsonPath("$[2].sequence").isEqualTo(2)
                .jsonPath("$[2].payload.files[0].name").isEqualTo("journalpost.json")
                .jsonPath("$[2].payload.files[0].sha256").exists();
    }

    @Test
    void an_unknown_conversation_is_404_with_a_problem() {
        as(User.AUDITOR).get().uri("/api/conversations/{id}/events", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
