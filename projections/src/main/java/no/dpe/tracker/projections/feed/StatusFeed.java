package no.dpe.tracker.projections.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Page;
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
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(where, args, "message_id = ?", query.messageId());
        condition(where, args, "conversation_id = ?", query.conversationId());
        condition(where, args, "status = ?", query.status() == null ? null : query.status().name());
        condition(where, args, "last_update >= ?", query.from() == null ? null : query.from().atOffset(ZoneOffset.UTC));
        condition(where, args, "last_update < ?", query.to() == null ? null : query.to().atOffset(ZoneOffset.UTC));
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM status_feed" + where, Long.class, args.toArray());
        args.add(size);
        args.add((long) page * size);
        List<FeedEntry> content = jdbc.query("SELECT " + COLUMNS + " FROM status_feed" + where
                + " ORDER BY id LIMIT ? OFFSET ?", StatusFeed::row, args.toArray());
        return new Page<>(content, total == null ? 0 : total, size, page);
    }

    private static void condition(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
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
