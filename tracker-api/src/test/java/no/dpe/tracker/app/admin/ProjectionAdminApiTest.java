package no.dpe.tracker.app.admin;

import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/** An administrator rebuilds a projection from the event store and watches it catch up. */
class ProjectionAdminApiTest extends ReadModelTest {

    @Test
    void every_rebuildable_projection_reports_its_progress() {
        createPublisering();

        eventually(() -> as(User.ADMIN).get().uri("/api/admin/projections").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$[?(@.name == 'message-state')].running").isEqualTo(java.util.List.of(true))
                .jsonPath("$[?(@.name == 'status-feed')].caughtUp").isEqualTo(java.util.List.of(true))
                .jsonPath("$[0].eventsTotal").value(total -> org.assertj.core.api.Assertions
                        .assertThat(((Number) total).longValue()).isPositive())
                .jsonPath("$[0].estimatedTimeLeft").isEqualTo("PT0S"));
    }

    @Test
    void a_rebuilt_projection_replays_the_event_store_and_holds_the_same_rows_again() {
        Sbd sbd = createPublisering();
        sendt(sbd);
        String messageId = sbd.messageId().orElseThrow();
        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/statuses/{id}", messageId).exchange()
                .expectBody().jsonPath("$.totalElements").isEqualTo(2));

        as(User.ADMIN).post().uri("/api/admin/projections/status-feed/rebuild").exchange()
                .expectStatus().isAccepted()
                .expectBody().jsonPath("$.name").isEqualTo("status-feed");

        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/statuses/{id}", messageId).exchange()
                .expectBody()
                .jsonPath("$.totalElements").isEqualTo(2)
                .jsonPath("$.content[1].status").isEqualTo("SENDT"));
        eventually(() -> as(User.ADMIN).get().uri("/api/admin/projections/status-feed").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.replaying").isEqualTo(false)
                .jsonPath("$.caughtUp").isEqualTo(true)
                .jsonPath("$.eventsProcessed").value(processed -> org.assertj.core.api.Assertions
                        .assertThat(processed).isNotEqualTo(0)));
    }

    @Test
    void the_message_state_projection_can_be_rebuilt_too() {
        Sbd sbd = createPublisering();

        as(User.ADMIN).post().uri("/api/admin/projections/message-state/rebuild").exchange()
                .expectStatus().isAccepted();

        eventually(() -> as(User.FAGSYSTEM).get().uri("/api/conversations/messageId/{id}",
                        sbd.messageId().orElseThrow()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.messageStatuses[0].status").isEqualTo("OPPRETTET"));
    }

    @Test
    void an_unknown_projection_is_404_with_a_problem() {
        as(User.ADMIN).post().uri("/api/admin/projections/message-index/rebuild").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        as(User.ADMIN).get().uri("/api/admin/projections/nothing").exchange()
                .expectStatus().isNotFound();
    }
}
