package no.dpe.tracker.projections.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.api.Source;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Sql;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.instant;
import static no.dpe.tracker.projections.Sql.nullableLong;
import static no.dpe.tracker.projections.Sql.utc;

/** Queries over {@code message_state} and its history: each message as {@link MessageStateFold} left it. */
public class MessageStates {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, message_id, direction, conversation_id, process, document_type, "
            + "sender, receiver, deadline, status, queued_at, uncorrelated_kvittering, created_at, last_update, "
            + "last_sequence, kvittering_message_id, kvittering_dokument_id, kvittering_referanse_type, "
            + "kvittering_published, kvittering_warnings, kvittering_status, kvittering_occurred_at, "
            + "kvittering_recorded_at, not_sent_back_status, not_sent_back_reason, not_sent_back_occurred_at, "
            + "not_sent_back_recorded_at";

    private final JdbcTemplate jdbc;

    public MessageStates(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MessageState> find(String messageId, Direction direction) {
        return one("SELECT " + COLUMNS + " FROM message_state WHERE message_id = ? AND direction = ?",
                messageId, direction.name());
    }

    /** The message with this id (the global position of the event that created it). */
    public Optional<MessageState> find(long id) {
        return one("SELECT " + COLUMNS + " FROM message_state WHERE id = ?", id);
    }

    /** The messages with this messageId: one, or one each way when a reply reused it. */
    public List<MessageState> withMessageId(String messageId) {
        return many("SELECT " + COLUMNS + " FROM message_state WHERE message_id = ? ORDER BY id", messageId);
    }

    /** A conversation's messages in the order they appeared. */
    public List<MessageState> ofConversation(String conversationId) {
        return ofConversations(List.of(conversationId)).getOrDefault(conversationId, List.of());
    }

    /**
     * The messages of each of these conversations, in the order they appeared, keyed by conversationId (a
     * conversation without messages is absent): a page of support's search in two queries, not two per hit.
     */
    public Map<String, List<MessageState>> ofConversations(Collection<String> conversationIds) {
        Map<String, List<MessageState>> byConversation = new HashMap<>();
        for (List<String> chunk : Sql.chunks(List.copyOf(conversationIds))) {
            many("SELECT " + COLUMNS + " FROM message_state WHERE conversation_id IN (" + Sql.placeholders(chunk.size())
                    + ") ORDER BY id", chunk.toArray()).forEach(state -> byConversation
                    .computeIfAbsent(state.conversationId(), id -> new ArrayList<>()).add(state));
        }
        return byConversation;
    }

    /**
     * The unfinished messages unchanged since before {@code unchangedSince}, the longest waiting first: support's
     * stuck list. At most {@code limit}, through the index on last_update.
     */
    public List<MessageState> stuck(Instant unchangedSince, int limit) {
        return many("SELECT " + COLUMNS + " FROM message_state WHERE last_update < ? AND finished = FALSE"
                + " ORDER BY last_update, id LIMIT ?", utc(unchangedSince), limit);
    }

    /** Newest first. */
    public Page<MessageState> list(MessageQuery query, int page, int size) {
        Sql.Where where = new Sql.Where()
                .andIf(query.messageId(), "message_id = ?", query.messageId())
                .andIf(query.conversationId(), "conversation_id = ?", query.conversationId())
                .andIf(query.sender(), "sender = ?", query.sender())
                .andIf(query.receiver(), "receiver = ?", query.receiver())
                .andIf(query.process(), "process = ?", query.process() == null ? null : query.process().name())
                .andIf(query.finished(), "finished = ?", query.finished())
                .andIf(query.direction(), "direction = ?", query.direction() == null ? null : query.direction().name())
                .andIf(query.lastUpdateFrom(), "last_update >= ?", utc(query.lastUpdateFrom()))
                .andIf(query.lastUpdateTo(), "last_update < ?", utc(query.lastUpdateTo()));
        List<MessageState> content = many("SELECT " + COLUMNS + " FROM message_state" + where.sql()
                + " ORDER BY id DESC LIMIT ? OFFSET ?", where.args(size, (long) page * size));
        return Page.counted(content, size, page, () -> Sql.count(jdbc, "SELECT COUNT(*) FROM message_state"
                + where.sql(), where.args()));
    }

    private Optional<MessageState> one(String sql, Object... args) {
        return many(sql, args).stream().findFirst();
    }

    /** The rows with their histories: one query for the rows, one for all their histories. */
    private List<MessageState> many(String sql, Object... args) {
        List<MessageState> rows = jdbc.query(sql, MessageStates::row, args);
        if (rows.isEmpty()) {
            return rows;
        }
        Map<String, List<StatusChange>> histories = histories(
                rows.stream().map(MessageState::conversationId).distinct().toList());
        return rows.stream()
                .map(row -> row.withHistory(histories.getOrDefault(key(row.messageId(), row.direction()), List.of())))
                .toList();
    }

    /**
     * The stored state of every message with one of these ids or in one of these conversations, without its
     * history (empty): what the projection folds a batch of events onto. Keyed by {@link #key}.
     */
    Map<String, MessageState> withoutHistory(Collection<String> messageIds, Collection<String> conversationIds) {
        Map<String, MessageState> found = new HashMap<>();
        for (List<String> chunk : Sql.chunks(List.copyOf(messageIds))) {
            jdbc.query("SELECT " + COLUMNS + " FROM message_state WHERE message_id IN ("
                    + Sql.placeholders(chunk.size()) + ")", MessageStates::row, chunk.toArray())
                    .forEach(state -> found.put(key(state.messageId(), state.direction()), state));
        }
        for (List<String> chunk : Sql.chunks(List.copyOf(conversationIds))) {
            jdbc.query("SELECT " + COLUMNS + " FROM message_state WHERE conversation_id IN ("
                    + Sql.placeholders(chunk.size()) + ")", MessageStates::row, chunk.toArray())
                    .forEach(state -> found.put(key(state.messageId(), state.direction()), state));
        }
        return found;
    }

    static String key(String messageId, Direction direction) {
        return direction.name() + ":" + messageId;
    }

    private static MessageState row(ResultSet rs, int rowNum) throws SQLException {
        String messageId = rs.getString("message_id");
        Direction direction = Direction.valueOf(rs.getString("direction"));
        String kvitteringId = rs.getString("kvittering_message_id");
        Kvittering kvittering = kvitteringId == null ? null : new Kvittering(kvitteringId,
                rs.getString("kvittering_dokument_id"), rs.getString("kvittering_referanse_type"),
                rs.getBoolean("kvittering_published"), warnings(rs.getString("kvittering_warnings")),
                rs.getString("kvittering_status"), instant(rs, "kvittering_occurred_at"),
                instant(rs, "kvittering_recorded_at"));
        String notSentBackStatus = rs.getString("not_sent_back_status");
        StatusNotSentBack notSentBack = notSentBackStatus == null ? null : new StatusNotSentBack(
                MessageStatus.valueOf(notSentBackStatus), rs.getString("not_sent_back_reason"),
                instant(rs, "not_sent_back_occurred_at"), instant(rs, "not_sent_back_recorded_at"));
        return new MessageState(
                rs.getString("conversation_id"),
                messageId,
                direction,
                DpeProcess.valueOf(rs.getString("process")),
                DocumentType.valueOf(rs.getString("document_type")),
                rs.getString("sender"),
                rs.getString("receiver"),
                instant(rs, "deadline"),
                MessageStatus.valueOf(rs.getString("status")),
                instant(rs, "queued_at"),
                rs.getBoolean("uncorrelated_kvittering"),
                instant(rs, "created_at"),
                instant(rs, "last_update"),
                rs.getLong("last_sequence"),
                rs.getLong("id"),
                List.of(),
                kvittering,
                notSentBack);
    }

    /**
     * The histories of every message of these conversations, in the order the conversations recorded them,
     * keyed by {@link #key}. Read by conversation, the history's primary key, so that the table needs no
     * second index for its most frequent write, the projection's insert.
     */
    private Map<String, List<StatusChange>> histories(List<String> conversationIds) {
        Map<String, List<StatusChange>> histories = new HashMap<>();
        for (List<String> chunk : Sql.chunks(conversationIds)) {
            jdbc.query("SELECT message_id, direction, status, description, current_status, late, after_delivery, "
                            + "source, occurred_at, recorded_at, sequence, position FROM message_state_history "
                            + "WHERE conversation_id IN (" + Sql.placeholders(chunk.size()) + ") "
                            + "ORDER BY conversation_id, sequence",
                    rs -> {
                        histories.computeIfAbsent(
                                key(rs.getString("message_id"), Direction.valueOf(rs.getString("direction"))),
                                key -> new ArrayList<>()).add(new StatusChange(
                                MessageStatus.valueOf(rs.getString("status")), rs.getString("description"),
                                MessageStatus.valueOf(rs.getString("current_status")), rs.getBoolean("late"),
                                rs.getBoolean("after_delivery"), Source.valueOf(rs.getString("source")),
                                instant(rs, "occurred_at"), instant(rs, "recorded_at"), rs.getLong("sequence"),
                                nullableLong(rs, "position")));
                    }, chunk.toArray());
        }
        return histories;
    }

    private static List<String> warnings(String json) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("kvittering_warnings is not a JSON array: " + json, e);
        }
    }
}
