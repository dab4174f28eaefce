package no.dpe.tracker.projections;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Read models being emptied for a rebuild, recorded in {@code read_model_reset} (adr/0018-bulk-rebuild.md).
 *
 * <p>A reset empties its read model's tables in the transaction that sets its tokens to the start, so that no crash
 * leaves empty tables behind tokens that say they are full. On PostgreSQL that is a DELETE, fast enough. On H2 a
 * DELETE takes about 80 s for 500,000 rows where a TRUNCATE takes 0.2 s; but a TRUNCATE commits the transaction it
 * runs in. So on H2 a rebuild first commits, in a transaction of its own, the tokens at the start and the mark here;
 * the reset then truncates ({@link #empty}) and removes the mark when it commits. A start that finds a mark finishes
 * the reset before the processors run: a rebuild interrupted while emptying ends as a replay from the start, never
 * as a read model emptied by half.
 */
public final class PendingResets {

    private final JdbcTemplate jdbc;
    private volatile Boolean truncateCommits;

    public PendingResets(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** True on H2, where TRUNCATE commits the transaction it runs in and a rebuild marks its reset first. */
    public boolean truncateCommits() {
        Boolean known = truncateCommits;
        if (known == null) {
            String product = jdbc.execute((ConnectionCallback<String>) connection ->
                    connection.getMetaData().getDatabaseProductName());
            known = product != null && product.toUpperCase(Locale.ROOT).startsWith("H2");
            truncateCommits = known;
        }
        return known;
    }

    public void mark(String processingGroup, Instant at) {
        jdbc.update("DELETE FROM read_model_reset WHERE processing_group = ?", processingGroup);
        jdbc.update("INSERT INTO read_model_reset (processing_group, requested_at) VALUES (?, ?)", processingGroup,
                Timestamp.from(at));
    }

    public void clear(String processingGroup) {
        jdbc.update("DELETE FROM read_model_reset WHERE processing_group = ?", processingGroup);
    }

    public boolean marked(String processingGroup) {
        return Sql.count(jdbc, "SELECT COUNT(*) FROM read_model_reset WHERE processing_group = ?",
                processingGroup) > 0;
    }

    /** The processing groups whose reset was marked and not finished. */
    public List<String> all() {
        return jdbc.queryForList("SELECT processing_group FROM read_model_reset ORDER BY processing_group",
                String.class);
    }

    /**
     * Empties a read model's tables, for its reset handler: TRUNCATE where the reset is marked and TRUNCATE commits,
     * otherwise DELETE, in the reset's transaction.
     */
    public void empty(String processingGroup, String... tables) {
        String emptying = truncateCommits() && marked(processingGroup) ? "TRUNCATE TABLE " : "DELETE FROM ";
        for (String table : tables) {
            jdbc.update(emptying + table);
        }
    }
}
