package no.dpe.tracker.app.statuses;

import java.time.Instant;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/** Which statuses a client has taken off next-move's status queue ({@code status_taken}, V36). */
class StatusQueue {

    private final JdbcTemplate jdbc;

    StatusQueue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Takes the status off the queue; false when there is no such status, or it was taken already. */
    boolean take(long statusId, Instant now) {
        Integer exists = jdbc.queryForObject("SELECT COUNT(*) FROM status_feed WHERE id = ?", Integer.class, statusId);
        if (exists == null || exists == 0) {
            return false;
        }
        try {
            jdbc.update("INSERT INTO status_taken (status_id, taken_at) VALUES (?, ?)", statusId, utc(now));
            return true;
        } catch (DuplicateKeyException takenAlready) {
            return false;
        }
    }
}
