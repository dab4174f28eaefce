package no.dpe.tracker.app.admin;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.Outages;
import no.dpe.tracker.projections.rebuild.ProjectionProgress;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.eventhandling.TrackingToken;
import org.h2.api.Trigger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A read model rebuilt in bulk (adr/0018-bulk-rebuild.md) holds, row for row, what its processor's own replay leaves,
 * the events stored while it is rebuilt reach it after the processor takes over, and a conversation it cannot write
 * is parked in the processor's dead letters as the processor would park it; after an outage stops a rebuild, the
 * processor carries on from the tokens it left. Small pages, so that a rebuild
 * is many transactions. A database of its own: the comparison reads every row.
 */
class BulkRebuildTest extends ReadModelTest {

    private static final Path DATABASE = Path.of("target", "test-data", UUID.randomUUID().toString(), "tracker")
            .toAbsolutePath();

    @Autowired
    Projections projections;

    @Autowired
    JdbcTemplate jdbc;

    @DynamicPropertySource
    static void databaseOfItsOwnAndSmallPages(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:h2:async:" + DATABASE + ";DB_CLOSE_ON_EXIT=FALSE");
        registry.add("dpe.tracker.rebuild-page-size", () -> "7");
    }

    @Test
    void a_bulk_rebuild_leaves_every_row_a_replay_through_the_processor_leaves() throws Exception {
        history(30);
        Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayed = replayedThroughTheProcessors();

        for (String name : projections.names()) {
            projections.rebuild(name).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            awaitCaughtUp(name);
        }

        assertSameRows(replayed, rows());
        assertCountsAreTheRowsCounted();
    }

    @Test
    void events_stored_while_a_bulk_rebuild_runs_reach_the_read_model_after_the_hand_over() throws Exception {
        history(20);
        AtomicBoolean appending = new AtomicBoolean(true);
        AtomicInteger appended = new AtomicInteger();
        List<Thread> appenders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // two at once, so that the event table has gaps that commit late
            appenders.add(Thread.ofPlatform().start(() -> {
                while (appending.get()) {
                    history(1);
                    appended.incrementAndGet();
                }
            }));
        }
        while (appended.get() < 2) {
            Thread.sleep(10);
        }

        int before = appended.get();
        List<TrackingToken> handedOver = new ArrayList<>();
        for (String name : projections.names()) {
            handedOver.add(projections.rebuild(name).get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
        }
        int during = appended.get() - before;
        appending.set(false);
        for (Thread appender : appenders) {
            appender.join();
        }
        for (String name : projections.names()) {
            awaitCaughtUp(name);
        }
        Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> rebuilt = rows();

        assertThat(during).as("conversations made while the rebuilds ran").isPositive();
        assertThat(handedOver).doesNotContainNull();
        assertCountsAreTheRowsCounted();
        assertSameRows(replayedThroughTheProcessors(), rebuilt);
        assertCountsAreTheRowsCounted();
    }

    /** message_count, which the rows of the comparison leave out (it is no conversation's), adds up. */
    private void assertCountsAreTheRowsCounted() {
        String stored = "SELECT process, direction, status, messages FROM message_count WHERE messages <> 0 "
                + "ORDER BY process, direction, status";
        String counted = "SELECT process, direction, status, COUNT(*) FROM message_state "
                + "GROUP BY process, direction, status ORDER BY process, direction, status";
        assertThat(jdbc.queryForList(stored).stream().map(row -> List.copyOf(row.values())).toList())
                .isNotEmpty()
                .isEqualTo(jdbc.queryForList(counted).stream().map(row -> List.copyOf(row.values())).toList());
    }

    @Test
    void a_conversation_whose_rows_cannot_be_written_is_parked_as_the_processor_parks_it_and_the_rest_is_rebuilt()
            throws Exception {
        history(8);
        Sbd refused = createPublisering();
        sendt(refused);
        String conversation = refused.conversationId().orElseThrow();
        Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayed = replayedThroughTheProcessors();
        // the rebuild empties the table first; the constraint needs it without the row now
        jdbc.update("DELETE FROM conversation_summary WHERE conversation_id = ?", conversation);
        jdbc.execute("ALTER TABLE conversation_summary ADD CONSTRAINT refuse_one_conversation "
                + "CHECK (conversation_id <> '" + conversation + "')");
        try {
            projections.rebuild(MessageStateProjection.PROCESSING_GROUP).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            awaitCaughtUp(MessageStateProjection.PROCESSING_GROUP);

            as(User.ADMIN).get().uri("/api/admin/dead-letters/{processor}/{sequence}",
                    MessageStateProjection.PROCESSING_GROUP, conversation).exchange().expectStatus().isOk();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_state WHERE conversation_id = ?",
                    Long.class, conversation)).isZero();
            assertSameRows(replayed, rows(), Set.of(conversation));
        } finally {
            jdbc.execute("ALTER TABLE conversation_summary DROP CONSTRAINT IF EXISTS refuse_one_conversation");
            // a rebuild empties the processor's dead letters with its tables
            projections.rebuild(MessageStateProjection.PROCESSING_GROUP).get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            awaitCaughtUp(MessageStateProjection.PROCESSING_GROUP);
        }
    }

    /**
     * The database refuses one conversation's rows as if it were out of reach (SQLSTATE 08006, on which HikariCP
     * closes the connection): the rebuild stops there and parks nothing, each segment's token at the last page it
     * wrote, and the processor carries on from those tokens once the database answers again, to the rows a replay
     * leaves. The savepoint's rollback used to fail on the closed connection and throw its own failure instead, which
     * took the outage for the rows' fault: conversations were parked.
     */
    @Test
    void after_an_outage_stops_a_rebuild_the_processor_carries_on_to_the_rows_a_replay_leaves() throws Exception {
        history(10);
        Sbd interrupted = createPublisering();
        sendt(interrupted);
        history(10);
        Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayed = replayedThroughTheProcessors();
        refuseRowsOf(interrupted.conversationId().orElseThrow());
        try {
            assertThatThrownBy(() -> projections.rebuild(MessageStateProjection.PROCESSING_GROUP)
                    .get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .hasStackTraceContaining(OutageFor.MESSAGE)
                    .satisfies(failure -> assertThat(Outages.isOutage(failure)).as("taken for an outage").isTrue());
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM message_state WHERE conversation_id = ?",
                    Long.class, interrupted.conversationId().orElseThrow())).isZero();
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM dead_letter_entry", Long.class))
                    .as("nothing parked for an outage").isZero();
        } finally {
            endOutage();
        }

        awaitCaughtUp(MessageStateProjection.PROCESSING_GROUP, errors -> assertThat(errors)
                .as("the progress still says why the rebuild stopped, and nothing else").singleElement().asString()
                .startsWith("the bulk rebuild stopped at position"));
        assertSameRows(replayed, rows());
        assertCountsAreTheRowsCounted();
    }

    /**
     * From now on the database refuses message_state's rows of the conversation with SQLSTATE 08006 (connection
     * failure), as if it were out of reach, with {@link OutageFor#MESSAGE}: an H2 trigger.
     */
    protected void refuseRowsOf(String conversation) {
        OutageFor.conversation = conversation;
        jdbc.execute("CREATE TRIGGER outage_for_one_conversation BEFORE INSERT, UPDATE ON message_state FOR EACH ROW "
                + "CALL \"" + OutageFor.class.getName() + "\"");
    }

    /** Ends {@link #refuseRowsOf}. */
    protected void endOutage() {
        OutageFor.conversation = null;
        jdbc.execute("DROP TRIGGER IF EXISTS outage_for_one_conversation");
    }

    /** An H2 trigger that fails a row of {@link #conversation} with a connection failure's SQLSTATE. */
    public static final class OutageFor implements Trigger {
        static final String MESSAGE = "the database is out of reach (a test's outage)";
        static volatile String conversation;

        @Override
        public void fire(Connection connection, Object[] oldRow, Object[] newRow) throws SQLException {
            String failing = conversation;
            if (failing != null && newRow != null && Arrays.asList(newRow).contains(failing)) {
                throw new SQLException(MESSAGE, "08006");
            }
        }
    }

    /** Conversations of every kind: sent and delivered, with and without a kvittering, received, left unsent. */
    private void history(int conversations) {
        for (int i = 0; i < conversations; i++) {
            Sbd sbd = createPublisering();
            if (i % 4 != 3) {
                sendt(sbd);
            }
            if (i % 4 == 1 || i % 4 == 2) {
                reported(sbd, MessageStatus.MOTTATT);
                reported(sbd, MessageStatus.LEVERT);
            }
            if (i % 4 == 2) {
                commands.sendAndWait(RecordKvitteringCommand.of(kvitteringFor(sbd),
                        Instant.now().plus(Duration.ofDays(1)), Instant.now()), Actor.tracker("test").metaData());
            }
            if (i % 3 == 0) {
                receiveInnsynskrav();
            }
        }
    }

    /** An einnsyn_kvittering in the publisering's conversation. */
    private static Sbd kvitteringFor(Sbd publisering) {
        Sbd kvittering = fresh(Examples.EINNSYN_KVITTERING);
        return Examples.sbd(Examples.EINNSYN_KVITTERING, root -> {
            root.setAll(kvittering.json());
            ((ObjectNode) root.path("standardBusinessDocumentHeader").path("businessScope").path("scope").path(0))
                    .put("instanceIdentifier", publisering.conversationId().orElseThrow());
        });
    }

    private Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayedThroughTheProcessors() {
        for (String name : projections.names()) {
            projections.replay(name);
        }
        for (String name : projections.names()) {
            awaitCaughtUp(name);
        }
        return rows();
    }

    private Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> rows() {
        Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> rows = new LinkedHashMap<>();
        for (ReadModelTable table : ReplayProof.TABLES) {
            if (projections.names().contains(table.readModel())) {
                rows.put(table, table.read(jdbc));
            }
        }
        return rows;
    }

    private static void assertSameRows(Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayed,
                                       Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> rebuilt) {
        assertSameRows(replayed, rebuilt, Set.of());
    }

    /** Every row equal, but those of the conversations {@code leftOut}. */
    private static void assertSameRows(Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> replayed,
                                       Map<ReadModelTable, Map<List<String>, ReadModelTable.Row>> rebuilt,
                                       Set<String> leftOut) {
        assertThat(rebuilt.keySet()).containsExactlyElementsOf(replayed.keySet());
        replayed.forEach((table, rows) -> {
            ReadModelTable.Result result = table.compare(rows, rebuilt.get(table), leftOut, 20);
            assertThat(result.rowsCompared()).as(table.name()).isPositive();
            assertThat(result.differences()).as(table.name()).isEmpty();
            assertThat(result.missingInLive() + result.extraInLive() + result.differing()).as(table.name()).isZero();
        });
    }

    /**
     * Until the processor runs again, not replaying, without errors, holding every segment (one that failed is
     * released and claimed again after a pause, and the progress only sees the segments held), and every segment
     * has passed the newest event.
     */
    private void awaitCaughtUp(String name) {
        awaitCaughtUp(name, errors -> assertThat(errors).isEmpty());
    }

    private void awaitCaughtUp(String name, Consumer<List<String>> errors) {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        eventually(() -> {
            ProjectionProgress progress = projections.progress(name);
            assertThat(progress.running()).as(progress.toString()).isTrue();
            assertThat(progress.replaying()).as(progress.toString()).isFalse();
            assertThat(progress.caughtUp()).as(progress.toString()).isTrue();
            assertThat(progress.segments()).as(progress.toString()).isEqualTo(jdbc.queryForObject(
                    "SELECT COUNT(*) FROM token_entry WHERE processor_name = ?", Integer.class, name));
            errors.accept(progress.errors());
            assertThat(progress.processed()).as(progress.toString()).isGreaterThanOrEqualTo(head);
        });
    }
}
