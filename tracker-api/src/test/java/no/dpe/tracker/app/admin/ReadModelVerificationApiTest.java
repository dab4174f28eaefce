package no.dpe.tracker.app.admin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An administrator has the event store replayed into scratch read models and compared with the live ones, row by
 * row. A database of its own: the verification reads every conversation, and other suites leave theirs (parked
 * ones among them) in the shared one.
 */
class ReadModelVerificationApiTest extends ReadModelTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    JdbcTemplate jdbc;

    private static final Path DATABASE = Path.of("target", "test-data", UUID.randomUUID().toString(), "tracker")
            .toAbsolutePath();

    /** The database only: the data directory is {@link #DATA_DIR}, whatever a subclass registers. */
    @DynamicPropertySource
    static void databaseOfItsOwn(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:async:" + DATABASE + ";DB_CLOSE_ON_EXIT=FALSE");
    }

    @Test
    void after_a_set_of_conversations_every_read_model_equals_its_replay() throws Exception {
        Sbd delivered = createPublisering();
        sendt(delivered);
        reported(delivered, MessageStatus.LEVERT);
        createPublisering();
        receiveInnsynskrav();

        JsonNode report = verify();

        assertThat(report.path("equal").asBoolean()).as(report.toPrettyString()).isTrue();
        assertThat(report.path("position").asLong()).isPositive();
        List<String> names = new ArrayList<>();
        for (JsonNode readModel : report.path("readModels")) {
            names.add(readModel.path("name").asText());
            assertThat(readModel.path("checked").asBoolean()).as(readModel.toPrettyString()).isTrue();
            assertThat(readModel.path("rowsCompared").asLong()).as(readModel.toPrettyString()).isPositive();
            assertThat(readModel.path("differences")).isEmpty();
        }
        assertThat(names).containsExactly("message-index", "message-state", "status-feed");
    }

    @Test
    void a_tampered_row_is_named_by_its_key_and_the_column_that_differs() throws Exception {
        Sbd sbd = createPublisering();
        sendt(sbd);
        String messageId = sbd.messageId().orElseThrow();
        String conversationId = sbd.conversationId().orElseThrow();
        eventually(() -> assertThat(jdbc.queryForList("SELECT status FROM message_state WHERE message_id = ?",
                String.class, messageId)).containsExactly("SENDT"));
        eventually(() -> assertThat(jdbc.queryForList("SELECT id FROM status_feed WHERE message_id = ?",
                Long.class, messageId)).hasSize(2));
        Map<String, Object> feedRow = jdbc.queryForMap(
                "SELECT * FROM status_feed WHERE message_id = ? AND status = 'SENDT'", messageId);
        String stranger = "tampered-" + UUID.randomUUID();

        jdbc.update("UPDATE message_state SET status = 'LEVERT' WHERE message_id = ?", messageId);
        jdbc.update("DELETE FROM status_feed WHERE id = ?", feedRow.get("ID"));
        jdbc.update("INSERT INTO conversation_summary (conversation_id, process, document_type, sender, receiver, "
                + "direction, status, message_count, open_count, created_at, last_update) SELECT ?, process, "
                + "document_type, sender, receiver, direction, status, message_count, open_count, created_at, "
                + "last_update FROM conversation_summary WHERE conversation_id = ?", stranger, conversationId);
        try {
            JsonNode report = verify();

            assertThat(report.path("equal").asBoolean()).isFalse();
            JsonNode index = readModel(report, "message-index");
            assertThat(index.path("equal").asBoolean()).as(index.toPrettyString()).isTrue();

            JsonNode state = readModel(report, "message-state");
            assertThat(state.path("differing").asLong()).isEqualTo(1);
            assertThat(state.path("extraInLive").asLong()).isEqualTo(1);
            assertThat(state.path("missingInLive").asLong()).isZero();
            assertThat(state.path("differences")).hasSize(2);
            JsonNode changed = state.path("differences").get(0);
            assertThat(changed.path("table").asText()).isEqualTo("message_state");
            assertThat(changed.path("kind").asText()).isEqualTo("DIFFERENT");
            assertThat(changed.path("key").path("message_id").asText()).isEqualTo(messageId);
            assertThat(changed.path("key").path("direction").asText()).isEqualTo("OUTGOING");
            assertThat(changed.path("columns")).hasSize(1);
            assertThat(changed.path("columns").get(0).path("column").asText()).isEqualTo("status");
            assertThat(changed.path("columns").get(0).path("live").asText()).isEqualTo("LEVERT");
            assertThat(changed.path("columns").get(0).path("replayed").asText()).isEqualTo("SENDT");
            JsonNode extra = state.path("differences").get(1);
            assertThat(extra.path("table").asText()).isEqualTo("conversation_summary");
            assertThat(extra.path("kind").asText()).isEqualTo("EXTRA_IN_LIVE");
            assertThat(extra.path("key").path("conversation_id").asText()).isEqualTo(stranger);

            JsonNode feed = readModel(report, "status-feed");
            assertThat(feed.path("missingInLive").asLong()).isEqualTo(1);
            assertThat(feed.path("extraInLive").asLong() + feed.path("differing").asLong()).isZero();
            JsonNode missing = feed.path("differences").get(0);
            assertThat(missing.path("table").asText()).isEqualTo("status_feed");
            assertThat(missing.path("kind").asText()).isEqualTo("MISSING_IN_LIVE");
            assertThat(missing.path("key").path("id").asLong()).isEqualTo(((Number) feedRow.get("ID")).longValue());
        } finally {
            jdbc.update("UPDATE message_state SET status = 'SENDT' WHERE message_id = ?", messageId);
            jdbc.update("INSERT INTO status_feed (id, conv_id, conversation_id, message_id, direction, status, "
                            + "description, raw_receipt, occurred_at, last_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    feedRow.get("ID"), feedRow.get("CONV_ID"), feedRow.get("CONVERSATION_ID"),
                    feedRow.get("MESSAGE_ID"), feedRow.get("DIRECTION"), feedRow.get("STATUS"),
                    feedRow.get("DESCRIPTION"), feedRow.get("RAW_RECEIPT"), feedRow.get("OCCURRED_AT"),
                    feedRow.get("LAST_UPDATE"));
            jdbc.update("DELETE FROM conversation_summary WHERE conversation_id = ?", stranger);
        }
    }

    @Test
    void only_an_administrator_may_verify() {
        as(User.SUPPORT).post().uri("/api/admin/projections/verify").exchange().expectStatus().isForbidden();
        as(User.FAGSYSTEM).post().uri("/api/admin/projections/verify").exchange().expectStatus().isForbidden();
    }

    @Test
    void an_unknown_read_model_or_a_limit_out_of_range_is_a_problem_naming_the_parameter() {
        as(User.ADMIN).post().uri("/api/admin/projections/verify?readModel=nothing").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("readModel");
        as(User.ADMIN).post().uri("/api/admin/projections/verify?maxDifferences=0").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.violations[0].field").isEqualTo("maxDifferences");
    }

    @Test
    void one_read_model_may_be_verified_on_its_own() throws Exception {
        createPublisering();

        JsonNode report = JSON.readTree(as(User.ADMIN).post()
                .uri("/api/admin/projections/verify?readModel=status-feed").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());

        assertThat(report.path("readModels")).hasSize(1);
        assertThat(readModel(report, "status-feed").path("equal").asBoolean()).isTrue();
    }

    private JsonNode verify() throws Exception {
        return JSON.readTree(as(User.ADMIN).post().uri("/api/admin/projections/verify").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody());
    }

    private static JsonNode readModel(JsonNode report, String name) {
        for (JsonNode readModel : report.path("readModels")) {
            if (readModel.path("name").asText().equals(name)) {
                return readModel;
            }
        }
        throw new AssertionError("no read model " + name + " in " + report.toPrettyString());
    }
}
