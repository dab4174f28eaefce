package no.dpe.tracker.app.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.MessageDetails;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.ReceiveMessageCommand;
import no.dpe.tracker.core.api.RecordStatusCommand;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

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
    void a_status_that_could_not_be_sent_back_to_the_sender_is_shown_with_its_reason() {
        // a sender whose status queue the Service Bus namespace does not have: the transport cannot answer it
        Sbd incoming = receiveFrom("910076787");
        String conversationId = incoming.conversationId().orElseThrow();

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations/{id}", conversationId)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages[0].message.status").isEqualTo("INNKOMMENDE_MOTTATT")
                .jsonPath("$.messages[0].message.statusNotSentBack.status").isEqualTo("MOTTATT")
                .jsonPath("$.messages[0].message.statusNotSentBack.reason").value(reason -> assertThat((String) reason)
                        .contains("nextbestqueue910076787"))
                .jsonPath("$.messages[0].waitingOn.party").isEqualTo("OUR_FAGSYSTEM")
                .jsonPath("$.messages[0].waitingOn.explanation").value(explanation -> assertThat((String) explanation)
                        .contains("MOTTATT could not be sent back to the sender 910076787")));

        commands.sendAndWait(new RecordStatusCommand(conversationId, incoming.messageId().orElseThrow(), null,
                MessageStatus.INNKOMMENDE_LEVERT, null, Instant.now(), Source.FAGSYSTEM, null),
                Actor.tracker("test").metaData());

        eventually(() -> as(User.SUPPORT).get().uri("/api/support/conversations/{id}", conversationId)
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.messages[0].message.status").isEqualTo("INNKOMMENDE_LEVERT")
                .jsonPath("$.messages[0].message.statusNotSentBack.status").isEqualTo("LEVERT")
                .jsonPath("$.messages[0].waitingOn.party").isEqualTo("SUPPORT"));
        as(User.AUDITOR).get().uri("/api/conversations/{id}/events", conversationId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.type == 'StatusNotSentBackEvent')].payload.status").isEqualTo(List.of("MOTTATT",
                        "LEVERT"));
    }

    private Sbd receiveFrom(String sender) {
        ObjectNode json = fresh(Examples.INNSYNSKRAV).json().deepCopy();
        ((ObjectNode) json.path("standardBusinessDocumentHeader").path("sender").path(0).path("identifier"))
                .put("value", "0192:" + sender);
        Sbd sbd = Sbd.of(json);
        Instant now = Instant.now();
        commands.sendAndWait(new ReceiveMessageCommand(sbd.conversationId().orElseThrow(),
                sbd.messageId().orElseThrow(), MessageDetails.of(sbd, now.plus(Duration.ofDays(1))), sbd.json(),
                List.of(), now, now, null), Actor.tracker("test").metaData());
        return sbd;
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
