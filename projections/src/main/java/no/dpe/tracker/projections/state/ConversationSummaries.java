package no.dpe.tracker.projections.state;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Sql;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.instant;
import static no.dpe.tracker.projections.Sql.utc;

/** Queries over {@code conversation_summary}: search and lists of conversations. */
public class ConversationSummaries {

    private static final String COLUMNS = "c.conversation_id, c.process, c.document_type, c.sender, c.receiver, "
            + "c.direction, c.status, c.message_count, c.open_count, c.created_at, c.last_update";

    private final JdbcTemplate jdbc;

    public ConversationSummaries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ConversationSummary> find(String conversationId) {
        return jdbc.query("SELECT " + COLUMNS + " FROM conversation_summary c WHERE c.conversation_id = ?",
                ConversationSummaries::row, conversationId).stream().findFirst();
    }

    /**
     * Conversations with a message that matches every filter, the most recently changed first. The filters
     * apply to one message together, so "this messageId, stuck" means that message is stuck.
     *
     * <p>The matching messages are found first, through message_state's indexes, and the summaries joined to
     * them: a correlated EXISTS per summary made every search a scan of all conversations. The id is matched
     * as a union of two index lookups, not an OR, which H2 cannot serve from two indexes.
     */
    public Page<ConversationSummary> search(ConversationSearch search, int page, int size) {
        Sql.Where message = new Sql.Where()
                .andIf(search.id(), "m.message_id IN (SELECT message_id FROM message_state WHERE conversation_id = ? "
                        + "UNION SELECT message_id FROM message_state WHERE message_id = ?)", search.id(), search.id())
                .andIf(search.organisation(), "(m.sender = ? OR m.receiver = ?)", search.organisation(),
                        search.organisation())
                .andIf(search.process(), "m.process = ?", search.process() == null ? null : search.process().name())
                .andIf(search.status(), "m.status = ?", search.status() == null ? null : search.status().name())
                .andIf(search.direction(), "m.direction = ?",
                        search.direction() == null ? null : search.direction().name())
                .andIf(search.from(), "m.last_update >= ?", utc(search.from()))
                .andIf(search.to(), "m.created_at < ?", utc(search.to()))
                .andIf(search.unchangedSince(), "m.finished = FALSE AND m.last_update < ?",
                        utc(search.unchangedSince()));
        String where = " WHERE c.conversation_id IN (SELECT m.conversation_id FROM message_state m" + message.sql() + ")";
        List<ConversationSummary> content = jdbc.query("SELECT " + COLUMNS + " FROM conversation_summary c" + where
                        + " ORDER BY c.last_update DESC, c.conversation_id LIMIT ? OFFSET ?",
                ConversationSummaries::row, message.args(size, (long) page * size));
        return Page.counted(content, size, page, () -> Sql.count(jdbc, "SELECT COUNT(*) FROM conversation_summary c"
                + where, message.args()));
    }

    private static ConversationSummary row(ResultSet rs, int rowNum) throws SQLException {
        return new ConversationSummary(
                rs.getString("conversation_id"),
                DpeProcess.valueOf(rs.getString("process")),
                DocumentType.valueOf(rs.getString("document_type")),
                rs.getString("sender"),
                rs.getString("receiver"),
                Direction.valueOf(rs.getString("direction")),
                MessageStatus.valueOf(rs.getString("status")),
                rs.getInt("message_count"),
                rs.getInt("open_count"),
                instant(rs, "created_at"),
                instant(rs, "last_update"));
    }
}
