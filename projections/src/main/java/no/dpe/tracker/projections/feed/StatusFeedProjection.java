package no.dpe.tracker.projections.feed;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageCreatedEvent;
import no.dpe.tracker.core.api.MessageReceivedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.MessageStatusRecordedEvent;
import no.dpe.tracker.projections.EventBatch;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.ParkedConversationException;
import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.PendingResets;
import no.dpe.tracker.projections.Sql;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends every status a message is given, and every kvittering, to {@code status_feed} under the event's
 * global position. A row per position makes replays harmless (the row is there already) and lets a reader
 * resume where it stopped. Queuing for sending is not a status and has no row.
 *
 * <p>It works a batch at a time ({@link EventBatch}): the positions, the rows already there and each message's
 * first row are read once for the batch, and its new rows inserted as one JDBC batch before the processor
 * commits.
 */
@ProcessingGroup(StatusFeedProjection.PROCESSING_GROUP)
public class StatusFeedProjection {

    public static final String PROCESSING_GROUP = "status-feed";

    private final JdbcTemplate jdbc;
    private final PendingResets resets;
    private final EventPositions positions;
    private final ParkedConversations parked;

    public StatusFeedProjection(JdbcTemplate jdbc, EventPositions positions) {
        this(jdbc, positions, ParkedConversations.NONE);
    }

    public StatusFeedProjection(JdbcTemplate jdbc, EventPositions positions, ParkedConversations parked) {
        this.jdbc = jdbc;
        this.resets = new PendingResets(jdbc);
        this.positions = positions;
        this.parked = parked;
    }

    @EventHandler
    void on(ConversationEvent event, EventMessage<?> message, @Timestamp Instant recordedAt,
            UnitOfWork<?> unitOfWork) {
        Batch batch = EventBatch.of(unitOfWork, PROCESSING_GROUP, events -> open(events, unitOfWork), jdbc, parked);
        if (batch.parked.contains(event.conversationId())) {
            throw new ParkedConversationException(event.conversationId());
        }
        long position = batch.positions.get(message.getIdentifier());
        if (event instanceof MessageCreatedEvent created) {
            batch.append(position, event, created.status(), null, null, recordedAt);
        } else if (event instanceof MessageReceivedEvent received) {
            batch.append(position, event, received.status(),
                    received.uncorrelatedKvittering() ? "An eInnsyn-kvittering that answers nothing we sent" : null,
                    null, recordedAt);
        } else if (event instanceof MessageStatusRecordedEvent status) {
            batch.append(position, event, status.status(), status.description(), null, recordedAt);
        } else if (event instanceof KvitteringRecordedEvent kvittering) {
            batch.append(position, event, null, describe(kvittering),
                    kvittering.status() == null ? null : kvittering.status().toString(), recordedAt);
        }
    }

    @ResetHandler
    void reset() {
        resets.empty(PROCESSING_GROUP, "status_feed");
    }

    /**
     * Reads, for the whole batch at once, the events' positions, which of them have a row already (a replay),
     * and the first row of each message the batch is about.
     */
    private Batch open(List<EventMessage<?>> events, UnitOfWork<?> unitOfWork) {
        List<String> eventIds = new ArrayList<>();
        Set<String> messageIds = new LinkedHashSet<>();
        Set<String> conversationIds = new LinkedHashSet<>();
        for (EventMessage<?> message : events) {
            if (message.getPayload() instanceof ConversationEvent event) {
                eventIds.add(message.getIdentifier());
                messageIds.add(event.messageId());
                conversationIds.add(event.conversationId());
            }
        }
        Map<String, Long> batchPositions = positions.of(eventIds);
        Set<Long> present = new HashSet<>();
        for (List<Long> chunk : Sql.chunks(List.copyOf(batchPositions.values()))) {
            present.addAll(jdbc.queryForList("SELECT id FROM status_feed WHERE id IN ("
                    + Sql.placeholders(chunk.size()) + ")", Long.class, chunk.toArray()));
        }
        Map<String, Long> firstRows = new HashMap<>();
        for (List<String> chunk : Sql.chunks(List.copyOf(messageIds))) {
            jdbc.query("SELECT message_id, direction, MIN(id) FROM status_feed WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ") GROUP BY message_id, direction", rs -> {
                        firstRows.put(key(rs.getString(1), rs.getString(2)), rs.getLong(3));
                    }, chunk.toArray());
        }
        Set<String> parkedNow = EventBatch.isDeadLetterRetry(unitOfWork)
                ? Set.of() : parked.among(PROCESSING_GROUP, conversationIds);
        return new Batch(batchPositions, present, firstRows, parkedNow);
    }

    private static String key(String messageId, String direction) {
        return direction + ":" + messageId;
    }

    /** Where a row of {@link Batch} has its conversation's id. */
    private static final int CONVERSATION_ID = 2;

    /** One batch's new rows, written with one JDBC batch before the processor commits. */
    private final class Batch implements EventBatch.ConversationWork {
        private final Map<String, Long> positions;
        private final Set<Long> present;
        private final Map<String, Long> firstRows;
        private final Set<String> parked;
        private final List<Object[]> rows = new ArrayList<>();

        Batch(Map<String, Long> positions, Set<Long> present, Map<String, Long> firstRows, Set<String> parked) {
            this.positions = positions;
            this.present = present;
            this.firstRows = firstRows;
            this.parked = parked;
        }

        void append(long position, ConversationEvent event, MessageStatus status, String description,
                    String rawReceipt, Instant recordedAt) {
            if (!present.add(position)) {
                return;
            }
            // Events of one conversation are handled in order, so the message's first row is known by now.
            long first = firstRows.computeIfAbsent(key(event.messageId(), event.direction().name()),
                    key -> position);
            rows.add(new Object[] {position, first, event.conversationId(), event.messageId(),
                    event.direction().name(), status == null ? null : status.name(), description, rawReceipt,
                    event.occurredAt().atOffset(ZoneOffset.UTC), recordedAt.atOffset(ZoneOffset.UTC)});
        }

        @Override
        public void write(Predicate<String> which) {
            List<Object[]> chosen = rows.stream().filter(row -> which.test((String) row[CONVERSATION_ID])).toList();
            jdbc.batchUpdate("INSERT INTO status_feed (id, conv_id, conversation_id, message_id, direction, status, "
                    + "description, raw_receipt, occurred_at, last_update) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    chosen);
        }
    }

    private static String describe(KvitteringRecordedEvent kvittering) {
        String outcome = kvittering.published() ? "published by eInnsyn" : "not published by eInnsyn";
        return "einnsyn_kvittering (" + kvittering.referanseType() + "): " + outcome
                + (kvittering.warnings().isEmpty() ? "" : "; " + String.join("; ", kvittering.warnings()));
    }
}
