package no.dpe.tracker.projections.state;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import no.dpe.tracker.core.api.ConversationEvent;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import no.dpe.tracker.projections.EventPositions;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/**
 * Keeps {@code message_state}, its history and {@code conversation_summary} in step with the events, by
 * loading the message's stored state, folding the event onto it with {@link MessageStateFold} and writing
 * back what changed. A streaming processor (unlike {@link MessageIndexProjection}), so it can be rebuilt:
 * the reset handler empties its tables and the processor replays the event store. Replaying an event
 * changes nothing, because the fold ignores events at or below the sequence number it has seen.
 */
@ProcessingGroup(MessageStateProjection.PROCESSING_GROUP)
public class MessageStateProjection {

    public static final String PROCESSING_GROUP = "message-state";

    private final JdbcTemplate jdbc;
    private final MessageStates states;
    private final EventPositions positions;

    public MessageStateProjection(JdbcTemplate jdbc, EventPositions positions) {
        this.jdbc = jdbc;
        this.states = new MessageStates(jdbc);
        this.positions = positions;
    }

    @EventHandler
    void on(ConversationEvent event, @MessageIdentifier String eventId, @SequenceNumber Long sequence,
            @Timestamp Instant recordedAt) {
        MessageState before = states.find(event.messageId(), event.direction()).orElse(null);
        MessageState after = MessageStateFold.apply(before,
                new Recorded(event, sequence, positions.of(eventId), recordedAt));
        if (after == null || after == before) {
            return;
        }
        save(before, after);
        summarize(after.conversationId());
    }

    @ResetHandler
    void reset() {
        jdbc.update("DELETE FROM message_state_history");
        jdbc.update("DELETE FROM message_state");
        jdbc.update("DELETE FROM conversation_summary");
    }

    private void save(MessageState before, MessageState after) {
        Kvittering kvittering = after.kvittering();
        Object[] values = {after.conversationId(), after.process().name(), after.documentType().name(),
                after.sender(), after.receiver(), utc(after.deadline()), after.status().name(), after.finished(),
                utc(after.queuedAt()), after.uncorrelatedKvittering(), utc(after.createdAt()),
                utc(after.lastUpdate()), after.lastSequence(),
                kvittering == null ? null : kvittering.kvitteringMessageId(),
                kvittering == null ? null : kvittering.dokumentId(),
                kvittering == null ? null : kvittering.referanseType(),
                kvittering == null ? null : kvittering.published(),
                kvittering == null ? null : json(kvittering.warnings()),
                kvittering == null ? null : kvittering.status(),
                kvittering == null ? null : utc(kvittering.occurredAt()),
                kvittering == null ? null : utc(kvittering.recordedAt()),
                after.messageId(), after.direction().name()};
        int updated = before == null ? 0 : jdbc.update("UPDATE message_state SET conversation_id = ?, process = ?, "
                + "document_type = ?, sender = ?, receiver = ?, deadline = ?, status = ?, finished = ?, "
                + "queued_at = ?, uncorrelated_kvittering = ?, created_at = ?, last_update = ?, last_sequence = ?, "
                + "kvittering_message_id = ?, kvittering_dokument_id = ?, kvittering_referanse_type = ?, "
                + "kvittering_published = ?, kvittering_warnings = ?, kvittering_status = ?, "
                + "kvittering_occurred_at = ?, kvittering_recorded_at = ? WHERE message_id = ? AND direction = ?",
                values);
        if (updated == 0) {
            Object[] withId = new Object[values.length + 1];
            System.arraycopy(values, 0, withId, 0, values.length);
            withId[values.length] = after.position();
            jdbc.update("INSERT INTO message_state (conversation_id, process, document_type, sender, receiver, "
                    + "deadline, status, finished, queued_at, uncorrelated_kvittering, created_at, last_update, "
                    + "last_sequence, kvittering_message_id, kvittering_dokument_id, kvittering_referanse_type, "
                    + "kvittering_published, kvittering_warnings, kvittering_status, kvittering_occurred_at, "
                    + "kvittering_recorded_at, message_id, direction, id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", withId);
        }
        long seen = before == null ? -1 : before.lastSequence();
        for (StatusChange change : after.history()) {
            if (change.sequence() > seen) {
                insertHistory(after, change);
            }
        }
    }

    private void insertHistory(MessageState message, StatusChange change) {
        Integer present = jdbc.queryForObject("SELECT COUNT(*) FROM message_state_history "
                + "WHERE conversation_id = ? AND sequence = ?", Integer.class, message.conversationId(),
                change.sequence());
        if (present != null && present > 0) {
            return;
        }
        jdbc.update("INSERT INTO message_state_history (conversation_id, sequence, message_id, direction, status, "
                        + "description, current_status, late, after_delivery, source, occurred_at, recorded_at, "
                        + "position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                message.conversationId(), change.sequence(), message.messageId(), message.direction().name(),
                change.status().name(), change.description(), change.currentStatus().name(), change.late(),
                change.afterDelivery(), change.source().name(), utc(change.occurredAt()), utc(change.recordedAt()),
                change.position());
    }

    /** Recomputes the conversation's summary from its messages, which this transaction has just written. */
    private void summarize(String conversationId) {
        List<MessageState> messages = states.ofConversation(conversationId);
        MessageState first = messages.get(0);
        MessageState latest = messages.stream().max(Comparator.comparing(MessageState::lastUpdate)).orElseThrow();
        int open = (int) messages.stream().filter(message -> !message.finished()).count();
        Instant created = messages.stream().map(MessageState::createdAt).min(Comparator.naturalOrder()).orElseThrow();
        Object[] values = {first.process().name(), first.documentType().name(), first.sender(), first.receiver(),
                first.direction().name(), latest.status().name(), messages.size(), open, utc(created),
                utc(latest.lastUpdate()), conversationId};
        int updated = jdbc.update("UPDATE conversation_summary SET process = ?, document_type = ?, sender = ?, "
                + "receiver = ?, direction = ?, status = ?, message_count = ?, open_count = ?, created_at = ?, "
                + "last_update = ? WHERE conversation_id = ?", values);
        if (updated == 0) {
            jdbc.update("INSERT INTO conversation_summary (process, document_type, sender, receiver, direction, "
                    + "status, message_count, open_count, created_at, last_update, conversation_id) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values);
        }
    }

    private static String json(List<String> warnings) {
        try {
            return MessageStates.JSON.writeValueAsString(warnings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A list of strings is always JSON", e);
        }
    }
}
