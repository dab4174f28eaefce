package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonProcessingException;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.projections.EventBatch;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.ParkedConversationException;
import no.dpe.tracker.projections.ParkedConversations;
import no.dpe.tracker.projections.PendingResets;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/**
 * Keeps {@code message_state}, its history and {@code conversation_summary} in step with the events, by
 * folding each event with {@link MessageStateFold} onto the message's state and writing back what changed.
 * A streaming processor (unlike {@link MessageIndexProjection}), so it can be rebuilt: the reset handler
 * empties its tables and the processor replays the event store. Replaying an event changes nothing, because
 * the fold ignores events at or below the sequence number it has seen.
 *
 * <p>It works a batch at a time ({@link EventBatch}): on the batch's first event it loads, in a few queries,
 * the stored state of every message the batch is about and of every message in the batch's conversations (a
 * conversation's events all go to one segment, so no other batch touches them meanwhile); it folds the events
 * in memory; before the processor commits it writes each changed message once, the new statuses of their
 * histories and each changed conversation's summary, all as JDBC batches. A batch's writes take about as
 * many statements as one event's did when every event read and wrote its rows by itself. It also keeps
 * {@code message_count}, the number of messages in each process, direction and status ({@link MessageCounts}).
 */
@ProcessingGroup(MessageStateProjection.PROCESSING_GROUP)
public class MessageStateProjection {

    public static final String PROCESSING_GROUP = "message-state";

    private final JdbcTemplate jdbc;
    private final PendingResets resets;
    private final MessageStates states;
    private final EventPositions positions;
    private final ParkedConversations parked;
    private final MessageCounts counts;

    public MessageStateProjection(JdbcTemplate jdbc, EventPositions positions) {
        this(jdbc, positions, ParkedConversations.NONE);
    }

    public MessageStateProjection(JdbcTemplate jdbc, EventPositions positions, ParkedConversations parked) {
        this.jdbc = jdbc;
        this.resets = new PendingResets(jdbc);
        this.states = new MessageStates(jdbc);
        this.positions = positions;
        this.parked = parked;
        this.counts = new MessageCounts(jdbc);
    }

    @EventHandler
    void on(ConversationEvent event, EventMessage<?> message, @SequenceNumber Long sequence,
            @Timestamp Instant recordedAt, UnitOfWork<?> unitOfWork) {
        Batch batch = EventBatch.of(unitOfWork, PROCESSING_GROUP, events -> open(events, unitOfWork), jdbc, parked);
        if (batch.parked.contains(event.conversationId())) {
            throw new ParkedConversationException(event.conversationId());
        }
        batch.fold(new Recorded(event, sequence, batch.positions.get(message.getIdentifier()), recordedAt));
    }

    @ResetHandler
    void reset() {
        resets.empty(PROCESSING_GROUP, "message_state_history", "message_state", "conversation_summary");
        counts.clear();
    }

    private Batch open(List<EventMessage<?>> events, UnitOfWork<?> unitOfWork) {
        Set<String> eventIds = new LinkedHashSet<>();
        Set<String> messageIds = new LinkedHashSet<>();
        Set<String> conversationIds = new LinkedHashSet<>();
        for (EventMessage<?> message : events) {
            if (message.getPayload() instanceof ConversationEvent event) {
                eventIds.add(message.getIdentifier());
                messageIds.add(event.messageId());
                conversationIds.add(event.conversationId());
            }
        }
        Set<String> parkedNow = EventBatch.isDeadLetterRetry(unitOfWork)
                ? Set.of() : parked.among(PROCESSING_GROUP, conversationIds);
        return new Batch(positions.of(eventIds), states.withoutHistory(messageIds, conversationIds), parkedNow);
    }

    /**
     * One batch's work. {@code stored} is what the tables held before the batch (histories left out: the batch
     * only appends to them), {@code current} the same messages with the batch's events folded in.
     */
    private final class Batch implements EventBatch.ConversationWork {
        private final Map<String, Long> positions;
        private final Map<String, MessageState> stored;
        private final Map<String, MessageState> current;
        private final Set<String> changed = new LinkedHashSet<>();
        private final Set<String> parked;

        Batch(Map<String, Long> positions, Map<String, MessageState> stored, Set<String> parked) {
            this.positions = positions;
            this.stored = stored;
            this.current = new HashMap<>(stored);
            this.parked = parked;
        }

        void fold(Recorded recorded) {
            String key = MessageStates.key(recorded.event().messageId(), recorded.event().direction());
            MessageState before = current.get(key);
            MessageState after = MessageStateFold.apply(before, recorded);
            if (after != null && after != before) {
                current.put(key, after);
                changed.add(key);
            }
        }

        @Override
        public void write(Predicate<String> which) {
            List<Object[]> inserts = new ArrayList<>();
            List<Object[]> updates = new ArrayList<>();
            List<Object[]> history = new ArrayList<>();
            Set<String> conversations = new LinkedHashSet<>();
            MessageCounts.Changes moved = new MessageCounts.Changes();
            for (String key : changed) {
                MessageState before = stored.get(key);
                MessageState after = current.get(key);
                if (!which.test(after.conversationId())) {
                    continue;
                }
                if (before == null) {
                    inserts.add(columns(after, true));
                } else {
                    updates.add(columns(after, false));
                }
                moved.moved(before, after);
                long seen = before == null ? -1 : before.lastSequence();
                for (StatusChange change : after.history()) {
                    if (change.sequence() > seen) {
                        history.add(historyColumns(after, change));
                    }
                }
                conversations.add(after.conversationId());
            }
            if (conversations.isEmpty()) {
                return;
            }
            jdbc.batchUpdate("UPDATE message_state SET conversation_id = ?, process = ?, document_type = ?, "
                    + "sender = ?, receiver = ?, deadline = ?, status = ?, finished = ?, queued_at = ?, "
                    + "uncorrelated_kvittering = ?, created_at = ?, last_update = ?, last_sequence = ?, "
                    + "kvittering_message_id = ?, kvittering_dokument_id = ?, kvittering_referanse_type = ?, "
                    + "kvittering_published = ?, kvittering_warnings = ?, kvittering_status = ?, "
                    + "kvittering_occurred_at = ?, kvittering_recorded_at = ?, not_sent_back_status = ?, "
                    + "not_sent_back_reason = ?, not_sent_back_occurred_at = ?, not_sent_back_recorded_at = ? "
                    + "WHERE message_id = ? AND direction = ?",
                    updates);
            jdbc.batchUpdate("INSERT INTO message_state (conversation_id, process, document_type, sender, receiver, "
                    + "deadline, status, finished, queued_at, uncorrelated_kvittering, created_at, last_update, "
                    + "last_sequence, kvittering_message_id, kvittering_dokument_id, kvittering_referanse_type, "
                    + "kvittering_published, kvittering_warnings, kvittering_status, kvittering_occurred_at, "
                    + "kvittering_recorded_at, not_sent_back_status, not_sent_back_reason, not_sent_back_occurred_at, "
                    + "not_sent_back_recorded_at, message_id, direction, id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    inserts);
            jdbc.batchUpdate("INSERT INTO message_state_history (conversation_id, sequence, message_id, direction, "
                    + "status, description, current_status, late, after_delivery, source, occurred_at, recorded_at, "
                    + "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", history);
            summarize(conversations);
            // last, so that the count rows every batch shares are held only until the commit that follows
            counts.add(moved);
        }

        /**
         * Recomputes the summaries of these conversations from their messages, all of which the batch holds.
         * Parties, process and direction are the first message's; the status is that of the message changed
         * last.
         */
        private void summarize(Set<String> conversations) {
            Map<String, List<MessageState>> messages = new HashMap<>();
            for (MessageState state : current.values()) {
                if (conversations.contains(state.conversationId())) {
                    messages.computeIfAbsent(state.conversationId(), id -> new ArrayList<>()).add(state);
                }
            }
            List<String> order = List.copyOf(conversations);
            List<Object[]> rows = new ArrayList<>();
            for (String conversationId : order) {
                ConversationSummary summary = ConversationSummary.of(conversationId, messages.get(conversationId));
                rows.add(new Object[] {summary.process().name(), summary.documentType().name(), summary.sender(),
                        summary.receiver(), summary.direction().name(), summary.status().name(), summary.messages(),
                        summary.openMessages(), utc(summary.createdAt()), utc(summary.lastUpdate()), conversationId});
            }
            int[] updated = jdbc.batchUpdate("UPDATE conversation_summary SET process = ?, document_type = ?, "
                    + "sender = ?, receiver = ?, direction = ?, status = ?, message_count = ?, open_count = ?, "
                    + "created_at = ?, last_update = ? WHERE conversation_id = ?", rows);
            List<Object[]> missing = new ArrayList<>();
            for (int i = 0; i < rows.size(); i++) {
                if (updated[i] == 0) {
                    missing.add(rows.get(i));
                }
            }
            jdbc.batchUpdate("INSERT INTO conversation_summary (process, document_type, sender, receiver, direction, "
                    + "status, message_count, open_count, created_at, last_update, conversation_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", missing);
        }
    }

    /** The row's columns in the order of the UPDATE above, then, for an INSERT, the row's id. */
    private static Object[] columns(MessageState state, boolean withId) {
        Kvittering kvittering = state.kvittering();
        List<Object> values = new ArrayList<>(List.of(state.conversationId(), state.process().name(),
                state.documentType().name(), state.sender(), state.receiver()));
        values.add(utc(state.deadline()));
        values.add(state.status().name());
        values.add(state.finished());
        values.add(utc(state.queuedAt()));
        values.add(state.uncorrelatedKvittering());
        values.add(utc(state.createdAt()));
        values.add(utc(state.lastUpdate()));
        values.add(state.lastSequence());
        values.add(kvittering == null ? null : kvittering.kvitteringMessageId());
        values.add(kvittering == null ? null : kvittering.dokumentId());
        values.add(kvittering == null ? null : kvittering.referanseType());
        values.add(kvittering == null ? null : kvittering.published());
        values.add(kvittering == null ? null : json(kvittering.warnings()));
        values.add(kvittering == null ? null : kvittering.status());
        values.add(kvittering == null ? null : utc(kvittering.occurredAt()));
        values.add(kvittering == null ? null : utc(kvittering.recordedAt()));
        StatusNotSentBack notSentBack = state.statusNotSentBack();
        values.add(notSentBack == null ? null : notSentBack.status().name());
        values.add(notSentBack == null ? null : notSentBack.reason());
        values.add(notSentBack == null ? null : utc(notSentBack.occurredAt()));
        values.add(notSentBack == null ? null : utc(notSentBack.recordedAt()));
        values.add(state.messageId());
        values.add(state.direction().name());
        if (withId) {
            values.add(state.position());
        }
        return values.toArray();
    }

    private static Object[] historyColumns(MessageState message, StatusChange change) {
        return new Object[] {message.conversationId(), change.sequence(), message.messageId(),
                message.direction().name(), change.status().name(), change.description(),
                change.currentStatus().name(), change.late(), change.afterDelivery(), change.source().name(),
                utc(change.occurredAt()), utc(change.recordedAt()), change.position()};
    }

    private static String json(List<String> warnings) {
        try {
            return MessageStates.JSON.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A list of strings is always JSON", e);
        }
    }
}
