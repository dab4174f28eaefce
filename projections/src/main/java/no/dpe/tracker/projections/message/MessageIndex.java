package no.dpe.tracker.projections.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Queries over {@code message_index}. */
public class MessageIndex {

    private static final String COLUMNS = "message_id, direction, conversation_id, process, document_type, sender, "
            + "receiver, deadline, status, queued_for_sending, created_at, last_update, sbd";
    private static final RowMapper<MessageRow> ROW = MessageIndex::row;

    private final JdbcTemplate jdbc;

    public MessageIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MessageRow> find(String messageId, Direction direction) {
        return jdbc.query("SELECT " + COLUMNS + " FROM message_index WHERE message_id = ? AND direction = ?",
                ROW, messageId, direction.name()).stream().findFirst();
    }

    /** Newest first. */
    public Page<MessageRow> list(MessageFilter filter, int page, int size) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        condition(where, args, "direction", filter.direction() == null ? null : filter.direction().name());
        condition(where, args, "conversation_id", filter.conversationId());
        condition(where, args, "process", filter.process() == null ? null : filter.process().name());
        condition(where, args, "status", filter.status() == null ? null : filter.status().name());
        condition(where, args, "receiver", filter.receiver());
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM message_index" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(size);
        pageArgs.add((long) page * size);
        List<MessageRow> content = jdbc.query("SELECT " + COLUMNS + " FROM message_index" + where
                + " ORDER BY created_at DESC, message_id LIMIT ? OFFSET ?", ROW, pageArgs.toArray());
        return new Page<>(content, total == null ? 0 : total, size, page);
    }

    /** Messages whose deadline has come and that are neither finished nor expired, oldest deadline first. */
    public List<DueDeadline> dueDeadlines(Instant now, int limit) {
        return jdbc.query("SELECT conversation_id, message_id, direction, open_deadline FROM message_index "
                        + "WHERE open_deadline <= ? ORDER BY open_deadline LIMIT ?",
                (rs, i) -> new DueDeadline(rs.getString(1), rs.getString(2), Direction.valueOf(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant()),
                MessageIndexProjection.utc(now), limit);
    }

    private static void condition(StringBuilder where, List<Object> args, String column, Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            args.add(value);
        }
    }

    private static MessageRow row(ResultSet rs, int rowNum) throws SQLException {
        return new MessageRow(
                rs.getString("message_id"),
                Direction.valueOf(rs.getString("direction")),
                rs.getString("conversation_id"),
                DpeProcess.valueOf(rs.getString("process")),
                DocumentType.valueOf(rs.getString("document_type")),
                rs.getString("sender"),
                rs.getString("receiver"),
                rs.getObject("deadline", OffsetDateTime.class).toInstant(),
                MessageStatus.valueOf(rs.getString("status")),
                rs.getBoolean("queued_for_sending"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_update", OffsetDateTime.class).toInstant(),
                rs.getString("sbd"));
    }
}
