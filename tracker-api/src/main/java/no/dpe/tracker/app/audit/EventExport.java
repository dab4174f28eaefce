package no.dpe.tracker.app.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import no.dpe.tracker.app.eventstore.EventPosition;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the event table in global order, a page at a time, so an export of years of history never holds more
 * than one page in memory. Plain JDBC over the table of V1__axon_event_store.sql: the stored payload is
 * already the JSON an auditor wants, so nothing is deserialized and written again.
 * <p>
 * Positions are gap-aware, as the event stream's are (see {@link EventPosition}): a transaction may commit an event
 * under a lower index than one already read. The export keeps such gaps in each line's {@code resume} while they
 * are young ({@link EventPosition#advance}, as Axon's JDBC store keeps them), and an export resumed from it delivers the
 * events that filled them first.
 */
class EventExport {

    static final int PAGE = 500;

    /** A page of the export, and the position after its last event. */
    record Page(List<ExportedEvent> events, GapAwareTrackingToken next) {
    }

    private final JdbcTemplate jdbc;

    EventExport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The position of the newest event now; an export stops there instead of following new events. */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /**
     * Up to {@link #PAGE} events after {@code after} (those filling its gaps included) and at most {@code upTo}, in
     * global order. A gap behind an event recorded before {@code now} less {@link EventPosition#GAP_TIMEOUT} is given up.
     */
    Page page(GapAwareTrackingToken after, long upTo, Instant now) {
        List<Object> arguments = new ArrayList<>(List.of(after.getIndex(), upTo));
        StringBuilder where = new StringBuilder("(global_index > ? AND global_index <= ?)");
        if (after.hasGaps()) {
            where.append(" OR global_index IN (")
                    .append(String.join(", ", Collections.nCopies(after.getGaps().size(), "?"))).append(')');
            arguments.addAll(after.getGaps());
        }
        arguments.add(PAGE);
        List<ExportedEvent> events = new ArrayList<>();
        GapAwareTrackingToken[] position = {after};
        jdbc.query("SELECT global_index, aggregate_identifier, sequence_number, event_identifier, payload_type, "
                        + "time_stamp, payload, meta_data, type, payload_revision, event_hash, previous_hash FROM domain_event_entry "
                        + "WHERE " + where
                        + " ORDER BY global_index LIMIT ?",
                rs -> {
                    long index = rs.getLong(1);
                    Instant timestamp = Instant.parse(rs.getString(6));
                    position[0] = EventPosition.advance(position[0], index, timestamp, now);
                    events.add(new ExportedEvent(index, EventPosition.id(position[0]), rs.getString(2), rs.getLong(3),
                            rs.getString(4), simpleName(rs.getString(5)), timestamp, text(rs.getBytes(7)),
                            metadata(rs.getBytes(8)), rs.getString(9), rs.getString(5), rs.getString(10),
                            rs.getString(11), rs.getString(12)));
                },
                arguments.toArray());
        return new Page(events, position[0]);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    /** No metadata is written as null, so that the line says what is stored (its hash depends on it). */
    private static String metadata(byte[] json) {
        return json == null ? "null" : new String(json, StandardCharsets.UTF_8);
    }

    private static String text(byte[] json) {
        return json == null ? "{}" : new String(json, StandardCharsets.UTF_8);
    }
}
