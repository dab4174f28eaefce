package no.dpe.tracker.app.admin;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.app.conversations.ReadModelTest;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.RecordKvitteringCommand;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.rebuild.ProjectionProgress;
import no.dpe.tracker.projections.rebuild.Projections;
import org.axonframework.eventhandling.TrackingToken;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A read model rebuilt in bulk (adr/0018-bulk-rebuild.md) holds, row for row, what its processor's own replay leaves,
 * and the events stored while it is rebuilt reach it after the processor takes over. Small pages, so that a rebuild
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
        assertSameRows(replayedThroughTheProcessors(), rebuilt);
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
        assertThat(rebuilt.keySet()).containsExactlyElementsOf(replayed.keySet());
        replayed.forEach((table, rows) -> {
            ReadModelTable.Result result = table.compare(rows, rebuilt.get(table), java.util.Set.of(), 20);
            assertThat(result.rowsCompared()).as(table.name()).isPositive();
            assertThat(result.differences()).as(table.name()).isEmpty();
            assertThat(result.missingInLive() + result.extraInLive() + result.differing()).as(table.name()).isZero();
        });
    }

    /** Until the processor runs again, not replaying, and every segment has passed the newest event. */
    private void awaitCaughtUp(String name) {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        eventually(() -> {
            ProjectionProgress progress = projections.progress(name);
            assertThat(progress.running()).as(progress.toString()).isTrue();
            assertThat(progress.replaying()).as(progress.toString()).isFalse();
            assertThat(progress.caughtUp()).as(progress.toString()).isTrue();
            assertThat(progress.errors()).as(progress.toString()).isEmpty();
            assertThat(progress.processed()).as(progress.toString()).isGreaterThanOrEqualTo(head);
        });
    }
}
