package no.dpe.tracker.app.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.message.OutgoingMessages;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.PendingResets;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.rebuild.RebuildRefusedException;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On H2 a bulk rebuild empties its read model by TRUNCATE, which commits as it goes (PendingResets): a rebuild that
 * stops while emptying leaves its tokens at the start, its mark, and tables emptied by half. Here it stops because one
 * table cannot be truncated (a foreign key a test table holds on it), after two were; the application is then closed,
 * its segments left claimed by another owner as a killed process leaves them, and started again on the same database.
 * The start waits for those claims to lapse and finishes the emptying before the processor replays. Without that,
 * the replay would count every message twice in message_count, which the emptying had not reached.
 */
class InterruptedRebuildTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String READ_MODEL = MessageStateProjection.PROCESSING_GROUP;
    private static final Map<String, String> TABLES = Map.of(
            "message_state", "id",
            "message_state_history", "conversation_id, sequence",
            "conversation_summary", "conversation_id",
            "message_count", "process, direction, status");
    private static final int MESSAGES = 12;

    @TempDir
    Path dataDir;

    @Test
    void a_rebuild_stopped_while_emptying_its_tables_is_finished_at_the_next_start_and_leaves_the_rows_it_had()
            throws Exception {
        Map<String, List<Map<String, Object>>> before;
        try (ConfigurableApplicationContext first = start()) {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            for (int i = 0; i < MESSAGES; i++) {
                Sbd sbd = TrackerTest.fresh(Examples.PUBLISERING_JOURNALPOST);
                Tracker.asFagsystem(() -> first.getBean(OutgoingMessages.class).create(sbd.toJson()));
            }
            awaitRows(jdbc, MESSAGES);
            before = rows(jdbc);
            jdbc.execute("CREATE TABLE pins_a_summary (conversation_id VARCHAR(255) "
                    + "REFERENCES conversation_summary (conversation_id))");

            assertThatThrownBy(() -> first.getBean(Projections.class).rebuild(READ_MODEL))
                    .isInstanceOf(RebuildRefusedException.class);

            assertThat(new PendingResets(jdbc).marked(READ_MODEL)).as("the mark stays").isTrue();
            assertThat(count(jdbc, "message_state")).as("truncated").isZero();
            assertThat(count(jdbc, "conversation_summary")).as("not truncated").isEqualTo(MESSAGES);
            assertThat(count(jdbc, "message_count")).as("not emptied").isPositive();
            jdbc.execute("DROP TABLE pins_a_summary");
            // as a process killed there would leave them: its segments claimed a moment ago, by another owner
            jdbc.update("UPDATE token_entry SET owner = ?, timestamp = ? WHERE processor_name = ?",
                    "a-process-that-stopped", Instant.now().toString(), READ_MODEL);
        }

        try (ConfigurableApplicationContext second = start()) {
            JdbcTemplate jdbc = second.getBean(JdbcTemplate.class);
            awaitRows(jdbc, MESSAGES);
            Instant giveUp = Instant.now().plus(PATIENCE);
            while (!rows(jdbc).equals(before) && Instant.now().isBefore(giveUp)) {
                Thread.sleep(100);
            }

            assertThat(rows(jdbc)).isEqualTo(before);
            assertThat(new PendingResets(jdbc).all()).isEmpty();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--dpe.tracker.data-dir=" + dataDir);
    }

    private static void awaitRows(JdbcTemplate jdbc, int messages) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while ((count(jdbc, "message_state") < messages || count(jdbc, "message_state_history") < messages)
                && Instant.now().isBefore(giveUp)) {
            Thread.sleep(100);
        }
        assertThat(count(jdbc, "message_state")).isEqualTo(messages);
    }

    private static long count(JdbcTemplate jdbc, String table) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
        return count == null ? 0 : count;
    }

    private static Map<String, List<Map<String, Object>>> rows(JdbcTemplate jdbc) {
        Map<String, List<Map<String, Object>>> rows = new LinkedHashMap<>();
        TABLES.forEach((table, order) -> rows.put(table, jdbc.queryForList("SELECT * FROM " + table
                + " ORDER BY " + order)));
        return rows;
    }
}
