package no.dpe.tracker.app.statuses;

import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** The fagsystem's next-move /api/statuses: the status feed in global event order. */
class StatusesApiTest extends ReadModelTest {

    @Test
    void a_message_s_statuses_come_in_the_order_they_were_recorded_in_next_move_shape() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        reported(sbd, MessageStatus.MOTTATT);
        String messageId = sbd.messageId().orElseThrow();
        Object[] firstId = new Object[1];

        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/statuses/{id}", messageId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(3)
                .jsonPath("$.content[0].status").isEqualTo("OPPRETTET")
                .jsonPath("$.content[1].status").isEqualTo("SENDT")
                .jsonPath("$.content[2].status").isEqualTo("MOTTATT")
                .jsonPath("$.content[2].messageId").isEqualTo(messageId)
                .jsonPath("$.content[2].conversationId").isEqualTo(sbd.conversationId().orElseThrow())
                .jsonPath("$.content[2].lastUpdate").exists()
                .jsonPath("$.content[2].rawReceipt").doesNotExist()
                .jsonPath("$.content[0].id").value(id -> firstId[0] = id)
                .jsonPath("$.content[2].convId").value(convId -> assertThat(convId).isEqualTo(firstId[0])));
    }

    @Test
    void the_feed_filters_by_conversation_and_status() {
        Sbd sbd = createPublisering();
        sendt(sbd);

        eventually(() -> as(User.FAGSYSTEM).get()
                .uri("/api/statuses?conversationId={c}&status=SENDT&fromDateTime=2020-01-01T00:00:00Z",
                        sbd.conversationId().orElseThrow())
                .exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.content[0].status").isEqualTo("SENDT"));
    }

    @Test
    void an_unknown_status_is_refused_with_a_problem() {
        as(User.FAGSYSTEM).get().uri("/api/statuses?status=NOPE").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("status")
                .jsonPath("$.violations[0].rule").isEqualTo("one-of");
    }

    @Test
    void lest_and_annet_are_statuses_dpe_never_has_and_find_nothing() {
        for (String status : new String[] {"LEST", "ANNET"}) {
            as(User.FAGSYSTEM).get().uri("/api/statuses?status=" + status).exchange()
                    .expectStatus().isOk()
                    .expectBody().jsonPath("$.totalElements").isEqualTo(0);
        }
    }

    @Test
    void a_time_window_applies_only_when_both_ends_are_given_as_next_move_reads_it() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        String conversation = sbd.conversationId().orElseThrow();

        eventually(() -> as(User.FAGSYSTEM).get()
                .uri("/api/statuses?conversationId={c}&toDateTime=2020-01-01T00:00:00Z", conversation)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(2));
        as(User.FAGSYSTEM).get()
                .uri("/api/statuses?conversationId={c}&fromDateTime=2020-01-01T00:00:00Z"
                        + "&toDateTime=2020-01-02T00:00:00Z", conversation)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.totalElements").isEqualTo(0);
    }

    @Test
    void a_status_is_found_by_its_id() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        Long[] id = new Long[1];
        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/statuses/{m}", sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.content[1].id").value(value -> id[0] = ((Number) value).longValue()));

        as(User.FAGSYSTEM).get().uri("/api/statuses?id={id}", id[0]).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(1)
                .jsonPath("$.content[0].status").isEqualTo("SENDT");
    }

    @Test
    void statuses_are_peeked_as_a_queue_and_each_taken_off_it_by_delete() {
        createPublisering();
        // drain what earlier tests left on the queue, then find the next one twice
        long[] head = new long[1];
        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/statuses/peek").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").value(value -> head[0] = ((Number) value).longValue()));
        as(User.FAGSYSTEM).get().uri("/api/statuses/peek").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.id").isEqualTo((int) head[0]);

        as(User.FAGSYSTEM).delete().uri("/api/statuses/{id}", head[0]).exchange().expectStatus().isOk();

        as(User.FAGSYSTEM).delete().uri("/api/statuses/{id}", head[0]).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as(User.FAGSYSTEM).get().uri("/api/statuses/peek").exchange()
                .expectBody(String.class).value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .doesNotContain("\"id\":" + head[0] + ","));
    }

    @Test
    void an_empty_status_queue_is_204() {
        as(User.FAGSYSTEM).delete().uri("/api/statuses/{id}", Long.MAX_VALUE).exchange().expectStatus().isNotFound();
    }
}
