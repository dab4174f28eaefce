package no.dpe.tracker.projections;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The global position of a stored event: its {@code global_index} in the event table.
 *
 * <p>A streaming processor's tracking token is not that position. When transactions commit out of order
 * (two nodes, or two threads, appending at once) the event store hands out an event that fills a gap with a
 * token whose position is the highest index seen so far, which is another event's. A read model that keys
 * rows by {@code token.position()} then takes the gap-filling event for one it already has, and drops it.
 */
@FunctionalInterface
public interface EventPositions {

    /** The positions of these events, by identifier; each of them is in the result. */
    Map<String, Long> of(Collection<String> eventIdentifiers);

    default long of(String eventIdentifier) {
        return of(List.of(eventIdentifier)).get(eventIdentifier);
    }

    /** Reads the positions from the event table, by the events' identifiers (a unique index). */
    static EventPositions fromEventTable(JdbcTemplate jdbc) {
        return eventIdentifiers -> {
            Map<String, Long> positions = new HashMap<>();
            for (List<String> chunk : Sql.chunks(List.copyOf(eventIdentifiers))) {
                jdbc.query("SELECT event_identifier, global_index FROM domain_event_entry WHERE event_identifier IN ("
                                + Sql.placeholders(chunk.size()) + ")",
                        rs -> {
                            positions.put(rs.getString(1), rs.getLong(2));
                        }, chunk.toArray());
            }
            for (String identifier : eventIdentifiers) {
                if (!positions.containsKey(identifier)) {
                    throw new IllegalStateException("Event " + identifier + " is not in the event store");
                }
            }
            return positions;
        };
    }
}
