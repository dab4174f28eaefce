package no.dpe.tracker.app.audit;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads the event table in global order, a page at a time, so an export of years of history never holds more
 * than one page in memory. Plain JDBC over the table of V1__axon_event_store.sql: the stored payload is
 * already the JSON an auditor wants, so nothing is deserialized and written again.
 */
class EventExport {

    static final int PAGE = 500;

    private final JdbcTemplate jdbc;

    EventExport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The position of the newest event now; an export stops there instead of following new events. */
    long head() {
        Long head = jdbc.queryForObject("SELECT MAX(global_index) FROM domain_event_entry", Long.class);
        return head == null ? 0 : head;
    }

    /** Up to {@link #PAGE} events after {@code after} and at most {@code upTo}, in global order. */
    List<ExportedEvent> page(long after, long upTo) {
        return jdbc.query("SELECT global_index, aggregate_identifier, sequence_number, event_identifier, payload_type, "
                        + "time_stamp, payload, meta_data FROM domain_event_entry "
                        + "WHERE global_index > ? AND global_index <= ? ORDER BY global_index LIMIT ?",
                (rs, i) -> new ExportedEvent(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        simpleName(rs.getString(5)), Instant.parse(rs.getString(6)), text(rs.getBytes(7)),
                        text(rs.getBytes(8))),
                after, upTo, PAGE);
    }

    private static String simpleName(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    private static String text(byte[] json) {
        return json == null ? "{}" : new String(json, StandardCharsets.UTF_8);
    }
}
