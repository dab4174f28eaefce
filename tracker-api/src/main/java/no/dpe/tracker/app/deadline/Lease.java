package no.dpe.tracker.app.deadline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A lease in the shared database: one node at a time holds it, by renewing it before it runs out. The
 * claim is one conditional UPDATE, which the database serialises, so two nodes can never both succeed.
 */
class Lease {

    private final JdbcTemplate jdbc;
    private final String name;
    private final String owner;
    private final Duration duration;
    private final Clock clock;

    Lease(JdbcTemplate jdbc, String name, String owner, Duration duration, Clock clock) {
        this.jdbc = jdbc;
        this.name = name;
        this.owner = owner;
        this.duration = duration;
        this.clock = clock;
    }

    /** Takes or renews the lease; true while this node holds it. */
    boolean acquire() {
        Instant now = clock.instant();
        return jdbc.update("UPDATE lease SET owner = ?, expires_at = ? WHERE name = ? AND (owner = ? OR expires_at < ?)",
                owner, now.plus(duration).atOffset(ZoneOffset.UTC), name, owner, now.atOffset(ZoneOffset.UTC)) == 1;
    }

    /** Lets another node take over at once, on a clean shutdown. */
    void release() {
        jdbc.update("UPDATE lease SET owner = NULL, expires_at = ? WHERE name = ? AND owner = ?",
                Instant.EPOCH.atOffset(ZoneOffset.UTC), name, owner);
    }
}
