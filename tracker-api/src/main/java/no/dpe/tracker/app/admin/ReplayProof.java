package no.dpe.tracker.app.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;

import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.Sql;
import no.dpe.tracker.projections.feed.StatusFeedProjection;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Replay as proof (adr/0017-replay-as-proof.md): folds the event store, up to the newest event's position P, through
 * the read models' own projections into a scratch database, waits until the live streaming processors have passed P,
 * and compares every read-model table row by row with the live one. Rows of a conversation with an event the
 * comparison cannot account for (after P, or in a gap at or below it of the fold's or a live processor's token) are
 * left out, so a difference is one a replay would not make, not one the live processors have yet to catch up on.
 * Nothing live is written or paused. One verification runs at a time on a node.
 */
class ReplayProof {

    static final List<String> READ_MODELS = List.of(MessageIndexProjection.PROCESSING_GROUP,
            MessageStateProjection.PROCESSING_GROUP, StatusFeedProjection.PROCESSING_GROUP);

    static final List<ReadModelTable> TABLES = List.of(
            ReadModelTable.of(MessageIndexProjection.PROCESSING_GROUP, "message_index", "message_id", "direction"),
            new ReadModelTable(MessageIndexProjection.PROCESSING_GROUP, "attachment",
                    List.of("message_id", "direction", "name"),
                    "SELECT a.*, m.conversation_id AS " + ReadModelTable.JOINED + " FROM attachment a "
                            + "LEFT JOIN message_index m ON m.message_id = a.message_id AND m.direction = a.direction",
                    ReadModelTable.JOINED),
            ReadModelTable.of(MessageStateProjection.PROCESSING_GROUP, "message_state", "message_id", "direction"),
            ReadModelTable.of(MessageStateProjection.PROCESSING_GROUP, "message_state_history",
                    "conversation_id", "sequence"),
            ReadModelTable.of(MessageStateProjection.PROCESSING_GROUP, "conversation_summary", "conversation_id"),
            ReadModelTable.of(StatusFeedProjection.PROCESSING_GROUP, "status_feed", "id"));

    /** How long a live processor may take to pass the position checked before its read model is reported unchecked. */
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    private final EventStore eventStore;
    private final EventPositions positions;
    private final JdbcTemplate live;
    private final EventProcessingConfiguration processing;
    private final TokenStore tokens;
    private final String[] migrations;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    ReplayProof(EventStore eventStore, EventPositions positions, JdbcTemplate live,
                EventProcessingConfiguration processing, TokenStore tokens, String[] migrations, Clock clock) {
        this.eventStore = eventStore;
        this.positions = positions;
        this.live = live;
        this.processing = processing;
        this.tokens = tokens;
        this.migrations = migrations.clone();
        this.clock = clock;
    }

    /**
     * Verifies the read models named (all when empty).
     *
     * @param limit the most differences listed per read model
     * @throws ClientError 409 while another verification runs on this node
     */
    VerificationReport verify(List<String> readModels, int limit) throws InterruptedException {
        if (!running.compareAndSet(false, true)) {
            throw new ClientError(HttpStatus.CONFLICT, "already-running",
                    "A verification of the read models is running on this node; ask again when it has answered",
                    List.of());
        }
        try {
            return run(readModels.isEmpty() ? READ_MODELS : readModels, limit);
        } finally {
            running.set(false);
        }
    }

    private VerificationReport run(List<String> readModels, int limit) throws InterruptedException {
        Instant started = clock.instant();
        TrackingToken head = eventStore.createHeadToken();
        long position = head == null ? -1 : head.position().orElse(-1);
        Set<Long> gaps = new TreeSet<>();
        try (ScratchReadModels scratch = ScratchReadModels.create(migrations)) {
            gaps.addAll(gapsOf(position >= 0 ? scratch.fold(eventStore, position, positions) : null, position));
            List<ReadModelReport> reports = new ArrayList<>();
            List<ReadModelTable> tables = new ArrayList<>();
            for (String readModel : readModels) {
                Optional<String> unchecked = awaitLive(readModel, position, gaps);
                if (unchecked.isPresent()) {
                    reports.add(ReadModelReport.unchecked(readModel, unchecked.get()));
                } else {
                    tables.addAll(TABLES.stream().filter(table -> table.readModel().equals(readModel)).toList());
                }
            }
            // the live rows first, then the conversations to leave out: a live row that shows an event after P was
            // written after that event was stored, so the event is seen below and its conversation left out
            List<Map<List<String>, ReadModelTable.Row>> liveRows = new ArrayList<>();
            for (ReadModelTable table : tables) {
                liveRows.add(table.read(live));
            }
            Set<String> leftOut = conversationsBeyond(position, gaps);
            List<ReadModelTable.Result> results = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                ReadModelTable table = tables.get(i);
                results.add(table.compare(table.read(scratch.jdbc()), liveRows.get(i), leftOut, limit));
                liveRows.set(i, null);
            }
            for (String readModel : readModels) {
                List<ReadModelTable.Result> of = new ArrayList<>();
                for (int i = 0; i < tables.size(); i++) {
                    if (tables.get(i).readModel().equals(readModel)) {
                        of.add(results.get(i));
                    }
                }
                if (!of.isEmpty()) {
                    reports.add(ReadModelReport.checked(readModel, of, limit));
                }
            }
            reports.sort(Comparator.comparing(report -> readModels.indexOf(report.name())));
            return new VerificationReport(position, started, Duration.between(started, clock.instant()),
                    leftOut.size(), reports);
        }
    }

    /**
     * Waits, at most {@link #CATCH_UP}, until every segment of the read model's live processor, all held by this node,
     * has passed {@code position}; adds the gaps of their tokens. The message index needs no wait: it is written in
     * the transaction that stores the events.
     *
     * @return why the read model cannot be compared, if it cannot
     */
    private Optional<String> awaitLive(String readModel, long position, Set<Long> gaps) throws InterruptedException {
        if (readModel.equals(MessageIndexProjection.PROCESSING_GROUP)) {
            return Optional.empty();
        }
        StreamingEventProcessor processor = processing.eventProcessor(readModel, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("No streaming processor for " + readModel));
        int segments = tokens.fetchSegments(readModel).length;
        Instant giveUp = clock.instant().plus(CATCH_UP);
        while (true) {
            Map<Integer, EventTrackerStatus> status = processor.processingStatus();
            if (status.size() == segments && status.values().stream()
                    .allMatch(tracker -> tracker.getCurrentPosition().orElse(-1) >= position)) {
                status.values().forEach(tracker -> gaps.addAll(gapsOf(tracker.getTrackingToken(), position)));
                return Optional.empty();
            }
            if (clock.instant().isAfter(giveUp)) {
                return Optional.of(status.size() < segments
                        ? "this node holds " + status.size() + " of the processor's " + segments
                                + " segments; verify on the node that holds them all"
                        : "the live processor did not pass position " + position + " within " + CATCH_UP);
            }
            Thread.sleep(100);
        }
    }

    private static Set<Long> gapsOf(TrackingToken token, long upTo) {
        if (token != null && WrappedToken.unwrapLowerBound(token) instanceof GapAwareTrackingToken gapAware) {
            Set<Long> gaps = new HashSet<>(gapAware.getGaps());
            gaps.removeIf(gap -> gap > upTo);
            return gaps;
        }
        return Set.of();
    }

    /** The conversations with an event after {@code position} or at one of the {@code gaps}. */
    private Set<String> conversationsBeyond(long position, Set<Long> gaps) {
        Set<String> conversations = new HashSet<>(live.queryForList(
                "SELECT DISTINCT aggregate_identifier FROM domain_event_entry WHERE global_index > ?",
                String.class, position));
        for (List<Long> chunk : Sql.chunks(List.copyOf(gaps))) {
            conversations.addAll(live.queryForList("SELECT DISTINCT aggregate_identifier FROM domain_event_entry "
                    + "WHERE global_index IN (" + Sql.placeholders(chunk.size()) + ")", String.class, chunk.toArray()));
        }
        return conversations;
    }
}
