package no.dpe.tracker.projections.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Sql;
import org.springframework.jdbc.core.JdbcTemplate;

/** Queries over {@code status_feed}, always in feed (global event) order. */
public class StatusFeed {

    private static final String COLUMNS = "id, conv_id, conversation_id, message_id, direction, status, description, "
            + "raw_receipt, occurred_at, last_update";

    private final JdbcTemplate jdbc;

    public StatusFeed(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Page<FeedEntry> list(FeedQuery query, int page, int size) {
        Sql.Where where = new Sql.Where()
                .andIf(query.id(), "id = ?", query.id())
                .andIf(query.messageId(), "message_id = ?", query.messageId())
                .andIf(query.conversationId(), "conversation_id = ?", query.conversationId())
                .andIf(query.status(), "status = ?", query.status() == null ? null : query.status().name())
                .andIf(query.from(), "last_update >= ?", Sql.utc(query.from()))
                .andIf(query.to(), "last_update <= ?", Sql.utc(query.to()));
        List<FeedEntry> content = jdbc.query("SELECT " + COLUMNS + " FROM status_feed" + where.sql()
                + " ORDER BY id LIMIT ? OFFSET ?", StatusFeed::row, where.args(size, (long) page * size));
        return Page.counted(content, size, page, () -> Sql.count(jdbc, "SELECT COUNT(*) FROM status_feed"
                + where.sql(), where.args()));
    }

    /** The oldest entry that no client has taken off next-move's status queue ({@code status_taken}). */
    public Optional<FeedEntry> oldestNotTaken() {
        return jdbc.query("SELECT " + COLUMNS + " FROM status_feed f WHERE NOT EXISTS "
                + "(SELECT 1 FROM status_taken t WHERE t.status_id = f.id) ORDER BY id LIMIT 1", StatusFeed::row)
                .stream().findFirst();
    }

    private static FeedEntry row(ResultSet rs, int rowNum) throws SQLException {
        String status = rs.getString("status");
        return new FeedEntry(
                rs.getLong("id"),
                rs.getLong("conv_id"),
                rs.getString("conversation_id"),
                rs.getString("message_id"),
                Direction.valueOf(rs.getString("direction")),
                status == null ? null : MessageStatus.valueOf(status),
                rs.getString("description"),
                rs.getString("raw_receipt"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getObject("last_update", OffsetDateTime.class).toInstant());
    }
}
