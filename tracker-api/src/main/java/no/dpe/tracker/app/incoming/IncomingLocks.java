package no.dpe.tracker.app.incoming;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Sql;
import no.dpe.tracker.projections.message.MessageFilter;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/**
 * The peek locks of incoming messages ({@code incoming_lock}, V30). Every statement runs on its own
 * (auto-commit, never inside a surrounding transaction): a claim is a single conditional UPDATE whose row
 * count says who won, which works alike on H2 and PostgreSQL and on any number of nodes.
 */
class IncomingLocks {

    private final JdbcTemplate jdbc;

    IncomingLocks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Up to {@code limit} incoming messages that are waiting for the fagsystem (INNKOMMENDE_MOTTATT) and not
     * locked at {@code now}, oldest first. Reads the message index's table, which is kept in the command's
     * transaction, so a message is a candidate as soon as it was received.
     */
    List<String> candidates(MessageFilter filter, Instant now, int limit) {
        Sql.Where where = filter.where("m.")
                .and("m.direction = ?", Direction.INCOMING.name())
                .and("m.status = ?", MessageStatus.INNKOMMENDE_MOTTATT.name())
                .and("(l.locked_until IS NULL OR l.locked_until < ?)", utc(now));
        return jdbc.queryForList("SELECT m.message_id FROM message_index m "
                        + "LEFT JOIN incoming_lock l ON l.message_id = m.message_id" + where.sql()
                        + " ORDER BY m.created_at, m.message_id LIMIT ?", String.class, where.args(limit));
    }

    /** Locks the message for {@code owner} until now + {@code lock}, unless someone else holds it; true if won. */
    boolean claim(String messageId, String owner, Instant now, Duration lock) {
        OffsetDateTime until = utc(now.plus(lock));
        int updated = jdbc.update("UPDATE incoming_lock SET locked_until = ?, lock_owner = ? "
                + "WHERE message_id = ? AND (locked_until IS NULL OR locked_until < ?)", until, owner, messageId,
                utc(now));
        if (updated == 1) {
            return true;
        }
        try {
            // the first claim of a message: of several clients inserting at once, the primary key lets one win
            jdbc.update("INSERT INTO incoming_lock (message_id, locked_until, lock_owner) VALUES (?, ?, ?)",
                    messageId, until, owner);
            return true;
        } catch (DuplicateKeyException lockedByAnother) {
            return false;
        }
    }

    /** Whether {@code owner} holds the message's lock at {@code now}. */
    boolean heldBy(String messageId, String owner, Instant now) {
        Integer held = jdbc.queryForObject("SELECT COUNT(*) FROM incoming_lock WHERE message_id = ? AND lock_owner = ? "
                + "AND locked_until >= ?", Integer.class, messageId, owner, utc(now));
        return held != null && held > 0;
    }

    /** The message is finished; its lock is of no use any more. */
    void release(String messageId) {
        jdbc.update("DELETE FROM incoming_lock WHERE message_id = ?", messageId);
    }
}
