package no.dpe.tracker.app.deadline;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deadline the watcher cannot expire holds up no other. The failing one is a message the index knows and the
 * event store does not (what a restore of one without the other leaves), due before every other deadline.
 */
class FailingDeadlineTest extends TrackerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private final String orphan = UUID.randomUUID().toString();

    @AfterEach
    void removeOrphan() {
        jdbc.update("DELETE FROM message_index WHERE message_id = ?", orphan);
    }

    @Test
    void a_deadline_that_cannot_be_expired_is_passed_over_and_the_next_one_fires() throws Exception {
        OffsetDateTime longAgo = OffsetDateTime.parse("2020-01-01T00:00:00Z");
        jdbc.update("INSERT INTO message_index (message_id, direction, conversation_id, process, document_type, sender, "
                        + "receiver, deadline, open_deadline, status, queued_for_sending, created_at, last_update, sbd) "
                        + "VALUES (?, 'OUTGOING', ?, 'JOURNALPOST', 'PUBLISERING', '986252932', '991825827', ?, ?, "
                        + "'OPPRETTET', FALSE, ?, ?, '{}')",
                orphan, UUID.randomUUID().toString(), longAgo, longAgo, longAgo, longAgo);
        Sbd sbd = dueIn(2);
        String messageId = sbd.messageId().orElseThrow();

        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();

        Instant giveUp = Instant.now().plus(PATIENCE);
        String status = null;
        while (Instant.now().isBefore(giveUp) && !"LEVETID_UTLOPT".equals(status)) {
            Thread.sleep(100);
            status = message(messageId).path("status").asText();
        }
        assertThat(status).as("the message due after the one that cannot be expired").isEqualTo("LEVETID_UTLOPT");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_index WHERE message_id = ? "
                + "AND open_deadline IS NOT NULL", Integer.class, orphan))
                .as("the failing deadline stays open for the next poll").isEqualTo(1);
    }

    private JsonNode message(String messageId) throws Exception {
        return JSON.readTree(http.get().uri("/api/tracker/messages/out/{id}", messageId).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody());
    }

    private static Sbd dueIn(int seconds) {
        return Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification"))
                    .put("instanceIdentifier", UUID.randomUUID().toString());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", UUID.randomUUID().toString());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(seconds).withNano(0).toString());
        });
    }
}
