package no.dpe.tracker.app.conversations;

import java.util.UUID;

import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** The fagsystem's next-move /api/conversations, read from the message-state projection. */
class ConversationsApiTest extends ReadModelTest {

    @Test
    void a_sent_message_is_a_conversation_with_its_statuses_in_next_move_shape() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        String messageId = sbd.messageId().orElseThrow();

        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/conversations/messageId/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isNumber()
                .jsonPath("$.conversationId").isEqualTo(sbd.conversationId().orElseThrow())
                .jsonPath("$.messageId").isEqualTo(messageId)
                .jsonPath("$.sender").isEqualTo("0192:" + US)
                .jsonPath("$.senderIdentifier").isEqualTo(US)
                .jsonPath("$.receiver").isEqualTo("0192:" + EINNSYN)
                .jsonPath("$.receiverIdentifier").isEqualTo(EINNSYN)
                .jsonPath("$.messageReference").isEqualTo(sbd.conversationId().orElseThrow())
                .jsonPath("$.messageTitle").isEqualTo("")
                .jsonPath("$.processIdentifier").isEqualTo("urn:no:difi:profile:einnsyn:journalpost:ver1.0")
                .jsonPath("$.serviceIdentifier").isEqualTo("DPE")
                .jsonPath("$.direction").isEqualTo("OUTGOING")
                .jsonPath("$.finished").isEqualTo(false)
                .jsonPath("$.expiry").exists()
                .jsonPath("$.messageStatuses[0].status").isEqualTo("OPPRETTET")
                .jsonPath("$.messageStatuses[1].status").isEqualTo("SENDT"));
    }

    @Test
    void a_conversation_is_found_by_its_numeric_id() {
        Sbd sbd = createPublisering();
        String messageId = sbd.messageId().orElseThrow();
        Long[] id = new Long[1];
        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/conversations/messageId/{id}", messageId)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.id").value(value -> id[0] = ((Number) value).longValue()));

        as(User.FAGSYSTEM).get().uri("/api/conversations/{id}", id[0]).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.messageId").isEqualTo(messageId);
    }

    @Test
    void the_list_filters_and_pages_ten_at_a_time() {
        Sbd delivered = createPublisering();
        reported(delivered, MessageStatus.LEVERT);
        Sbd incoming = receiveInnsynskrav();

        eventually(() -> as(User.FAGSYSTEM).get()
                .uri("/api/conversations?conversationId={c}&finished=true&direction=OUTGOING&serviceIdentifier=DPE",
                        delivered.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.size").isEqualTo(10)
                .jsonPath("$.number").isEqualTo(0)
                .jsonPath("$.content[0].messageId").isEqualTo(delivered.messageId().orElseThrow())
                .jsonPath("$.content[0].finished").isEqualTo(true));
        eventually(() -> as(User.FAGSYSTEM).get()
                .uri("/api/conversations?messageId={m}&senderIdentifier=0192:{s}&direction=INCOMING"
                                + "&processIdentifier=urn:no:difi:profile:einnsyn:innsynskrav:ver1.0",
                        incoming.messageId().orElseThrow(), EINNSYN)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1));
    }

    @Test
    void an_unknown_message_id_is_404_with_a_problem() {
        as(User.FAGSYSTEM).get().uri("/api/conversations/messageId/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void a_bad_filter_is_refused_with_a_problem_naming_the_parameter() {
        as(User.FAGSYSTEM).get().uri("/api/conversations?lastUpdateFrom=yesterday").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("lastUpdateFrom")
                .jsonPath("$.violations[0].rule").isEqualTo("date-time");
        as(User.FAGSYSTEM).get().uri("/api/conversations?size=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("size");
        as(User.FAGSYSTEM).get().uri("/api/conversations/not-a-number").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("id");
    }

    @Test
    void last_update_days_are_read_as_next_move_reads_them_and_another_service_finds_nothing() {
        Sbd sbd = createPublisering();
        String today = java.time.LocalDate.now(ConversationsController.NEXT_MOVE_ZONE).toString();

        eventually(() -> as(User.FAGSYSTEM).get()
                .uri("/api/conversations?conversationId={c}&lastUpdateFrom={d}&lastUpdateTo={d}",
                        sbd.conversationId().orElseThrow(), today, today)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1));
        as(User.FAGSYSTEM).get().uri("/api/conversations?conversationId={c}&lastUpdateTo=2020-01-01",
                        sbd.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
        as(User.FAGSYSTEM).get().uri("/api/conversations?conversationId={c}&serviceIdentifier=DPO",
                        sbd.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
        as(User.FAGSYSTEM).get().uri("/api/conversations?messageReference={c}&receiver=0192:{r}",
                        sbd.conversationId().orElseThrow(), EINNSYN)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1);
    }
}
