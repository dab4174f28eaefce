package no.dpe.tracker.projections;

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

    long of(String eventIdentifier);

    /** Reads the position from the event table, by the event's identifier (a unique index). */
    static EventPositions fromEventTable(JdbcTemplate jdbc) {
        return eventIdentifier -> {
            Long position = jdbc.queryForObject(
                    "SELECT global_index FROM domain_event_entry WHERE event_identifier = ?", Long.class,
                    eventIdentifier);
            if (position == null) {
                throw new IllegalStateException("Event " + eventIdentifier + " is not in the event store");
            }
            return position;
        };
    }
}
