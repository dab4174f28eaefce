package no.dpe.tracker.projections.state;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Sql;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * How many messages there are in each process, direction and current status ({@code message_count}), as the
 * message-state projection has moved them batch by batch. Reading it costs a few rows whatever the number of
 * messages; counting {@code message_state} itself would read all of them.
 */
public class MessageCounts {

    /** One process, direction and status. Ordered, so that concurrent batches lock their rows in the same order. */
    public record Key(DpeProcess process, Direction direction, MessageStatus status) implements Comparable<Key> {

        private static final Comparator<Key> ORDER = Comparator.comparing(Key::process)
                .thenComparing(Key::direction).thenComparing(Key::status);

        static Key of(MessageState state) {
            return new Key(state.process(), state.direction(), state.status());
        }

        @Override
        public int compareTo(Key other) {
            return ORDER.compare(this, other);
        }
    }

    public record Count(Key key, long messages) {
    }

    private final JdbcTemplate jdbc;

    public MessageCounts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Every count stored, zeros included. */
    public List<Count> all() {
        return jdbc.query("SELECT process, direction, status, messages FROM message_count "
                        + "ORDER BY process, direction, status",
                (rs, i) -> new Count(new Key(DpeProcess.valueOf(rs.getString(1)), Direction.valueOf(rs.getString(2)),
                        MessageStatus.valueOf(rs.getString(3))), rs.getLong(4)));
    }

    /** Changes of one batch, to be {@linkplain #add added} in its transaction. */
    static final class Changes {
        private final SortedMap<Key, Long> changes = new TreeMap<>();

        /** One message went from {@code before} (null when it is new) to {@code after}. */
        void moved(MessageState before, MessageState after) {
            if (before != null) {
                changes.merge(Key.of(before), -1L, Long::sum);
            }
            changes.merge(Key.of(after), 1L, Long::sum);
        }
    }

    /**
     * Adds a batch's changes in the caller's transaction, one statement per count that changed, in key order (two
     * batches changing the same counts wait for each other rather than deadlock). A count not stored yet is
     * inserted; should another batch insert it first, this one adds to that.
     */
    void add(Changes batch) {
        for (Map.Entry<Key, Long> change : batch.changes.entrySet()) {
            long delta = change.getValue();
            if (delta != 0) {
                add(change.getKey(), delta);
            }
        }
    }

    private void add(Key key, long delta) {
        Object[] where = {key.process().name(), key.direction().name(), key.status().name()};
        if (increment(delta, where)) {
            return;
        }
        try {
            Sql.inSavepoint(jdbc.getDataSource(), () -> jdbc.update("INSERT INTO message_count (process, direction, "
                    + "status, messages) VALUES (?, ?, ?, ?)", where[0], where[1], where[2], delta));
        } catch (DuplicateKeyException insertedMeanwhile) {
            if (!increment(delta, where)) {
                throw new IllegalStateException("message_count has no row for " + key + ", though one was just "
                        + "inserted", insertedMeanwhile);
            }
        }
    }

    private boolean increment(long delta, Object[] where) {
        return jdbc.update("UPDATE message_count SET messages = messages + ? "
                + "WHERE process = ? AND direction = ? AND status = ?", delta, where[0], where[1], where[2]) > 0;
    }

    void clear() {
        jdbc.update("DELETE FROM message_count");
    }
}
