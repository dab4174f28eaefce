package no.dpe.tracker.app.support;

import java.util.UUID;

import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** Support searches conversations and sees, per message, who must act next. */
class SupportApiTest extends ReadModelTest {

    @Test
    void a_conversation_found_by_its_message_id_says_the_receiver_has_not_fetched_it() {
        Sbd sbd = createPublisering();
        sendt(sbd);

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations?id={id}&organisation={org}",
                        sbd.messageId().orElseThrow(), EINNSYN)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.content[0].conversation.conversationId").isEqualTo(sbd.conversationId().orElseThrow())
                .jsonPath("$.content[0].finished").isEqualTo(false)
                .jsonPath("$.content[0].messages[0].message.status").isEqualTo("SENDT")
                .jsonPath("$.content[0].messages[0].message.history.length()").isEqualTo(2)
                .jsonPath("$.content[0].messages[0].waitingOn.party").isEqualTo("RECEIVER")
                .jsonPath("$.content[0].messages[0].waitingOn.explanation")
                .value(explanation -> org.assertj.core.api.Assertions.assertThat((String) explanation)
                        .startsWith("SENDT for ").endsWith("the receiver " + EINNSYN
                                + " has not fetched it from Service Bus")));
    }

    @Test
    void stuck_finds_unfinished_conversations_unchanged_for_longer_than_the_given_duration() {
        Sbd incoming = receiveInnsynskrav();
        String id = incoming.conversationId().orElseThrow();

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations?id={id}&stuckFor=PT0S", id)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.content[0].messages[0].waitingOn.party").isEqualTo("OUR_FAGSYSTEM"));
        as(User.SUPPORT).get().uri("/api/support/conversations?id={id}&stuckFor=PT2H", id)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
    }

    @Test
    void search_combines_process_status_direction_and_time() {
        Sbd incoming = receiveInnsynskrav();

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations?id={id}&process=INNSYNSKRAV"
                                + "&status=INNKOMMENDE_MOTTATT&direction=INCOMING&from=2020-01-01T00:00:00Z"
                                + "&to=2999-01-01T00:00:00Z", incoming.messageId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(1));
        as(User.SUPPORT).get().uri("/api/support/conversations?id={id}&direction=OUTGOING",
                        incoming.messageId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
    }

    @Test
    void one_conversation_is_shown_with_its_messages() {
        Sbd incoming = receiveInnsynskrav();

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations/{id}",
                        incoming.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.messages[0].message.messageId").isEqualTo(incoming.messageId().orElseThrow()));
        as(User.SUPPORT).get().uri("/api/support/conversations/{id}", UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void a_bad_duration_is_refused_with_a_problem() {
        as(User.SUPPORT).get().uri("/api/support/conversations?stuckFor=2 hours").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("stuckFor")
                .jsonPath("$.violations[0].rule").isEqualTo("duration");
    }
}
