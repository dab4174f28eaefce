package no.dpe.tracker.projections.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/** Queries over {@code message_index}. */
public class MessageIndex {

    private static final String COLUMNS = "message_id, direction, conversation_id, process, document_type, sender, "
            + "receiver, deadline, status, queued_for_sending, created_at, last_update, sbd, package_sha256";
    private static final RowMapper<MessageRow> ROW = MessageIndex::row;
    /** Before any deadline a message can have. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private final JdbcTemplate jdbc;

    public MessageIndex(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MessageRow> find(String messageId, Direction direction) {
        return jdbc.query("SELECT " + COLUMNS + " FROM message_index WHERE message_id = ? AND direction = ?",
                ROW, messageId, direction.name()).stream().findFirst();
    }

    /** The files of a message, in the order the message has them. */
    public List<FileReference> files(String messageId, Direction direction) {
        return jdbc.query("SELECT name, filename, media_type, size, sha256, title FROM attachment "
                        + "WHERE message_id = ? AND direction = ? ORDER BY ordinal, name",
                (rs, i) -> new FileReference(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getString(5), rs.getString(6)),
                messageId, direction.name());
    }

    /** Newest first. */
    public Page<MessageRow> list(MessageFilter filter, int page, int size) {
        Sql.Where where = filter.where("");
        List<MessageRow> content = jdbc.query("SELECT " + COLUMNS + " FROM message_index" + where.sql()
                + " ORDER BY created_at DESC, message_id LIMIT ? OFFSET ?", ROW, where.args(size, (long) page * size));
        return Page.counted(content, size, page, () -> Sql.count(jdbc, "SELECT COUNT(*) FROM message_index"
                + where.sql(), where.args()));
    }

    /** Messages whose deadline has come and that are neither finished nor expired, oldest deadline first. */
    public List<DueDeadline> dueDeadlines(Instant now, int limit) {
        // the lower bound is for H2: with "<= ?" alone it walks the index from its start, through the NULL of every
        // settled message (at 1,000,000 settled messages, 100 ms and 30 MB every few seconds, found by the bench)
        return jdbc.query("SELECT conversation_id, message_id, direction, open_deadline FROM message_index "
                        + "WHERE open_deadline >= ? AND open_deadline <= ? ORDER BY open_deadline LIMIT ?",
                (rs, i) -> new DueDeadline(rs.getString(1), rs.getString(2), Direction.valueOf(rs.getString(3)),
                        rs.getObject(4, OffsetDateTime.class).toInstant()),
                Sql.utc(EARLIEST), Sql.utc(now), limit);
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
                rs.getString("sbd"),
                rs.getString("package_sha256"));
    }
}
