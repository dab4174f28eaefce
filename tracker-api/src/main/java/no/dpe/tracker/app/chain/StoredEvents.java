package no.dpe.tracker.app.chain;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads {@link StoredEvent}s from the event table: the sealer and the verification read it the same way, a page of
 * rows at a time, and parse and check the rows on every core ({@link #checked}).
 */
final class StoredEvents {

    /** The columns {@link #fromRow} reads, in its order, then the two hash columns. */
    static final String COLUMNS = "global_index, aggregate_identifier, type, sequence_number, event_identifier, "
            + "payload_type, payload_revision, time_stamp, payload, meta_data, event_hash, previous_hash";

    private StoredEvents() {
    }

    /**
     * The event of a row whose first ten columns are those of {@link #COLUMNS}; the hashes are the ones given (the
     * migration reads rows that have none yet).
     */
    static StoredEvent fromRow(ResultSet row, String hash, String previousHash) throws SQLException {
        return StoredEvent.fromRow(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8), row.getBytes(9),
                row.getBytes(10), hash, previousHash);
    }

    /** A row read with {@link #COLUMNS}, its JSON not yet parsed: reading and parsing may happen on other threads. */
    record Row(long position, String aggregateIdentifier, String aggregateType, long sequenceNumber,
               String eventIdentifier, String payloadType, String payloadRevision, String timestamp, byte[] payload,
               byte[] metadata, String hash, String previousHash) {

        StoredEvent event() {
            return StoredEvent.fromRow(position, aggregateIdentifier, aggregateType, sequenceNumber, eventIdentifier,
                    payloadType, payloadRevision, timestamp, payload, metadata, hash, previousHash);
        }
    }

    static Row row(ResultSet row) throws SQLException {
        return new Row(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), row.getString(5),
                row.getString(6), row.getString(7), row.getString(8), row.getBytes(9), row.getBytes(10),
                row.getString(11), row.getString(12));
    }

    /** The rows at these positions, in global order. */
    static List<Row> at(JdbcTemplate jdbc, Collection<Long> positions) {
        if (positions.isEmpty()) {
            return List.of();
        }
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE global_index IN ("
                        + String.join(",", Collections.nCopies(positions.size(), "?")) + ") ORDER BY global_index",
                (row, i) -> row(row), positions.toArray());
    }

    /** At most {@code limit} rows after position {@code after} and at most {@code upTo}, in global order. */
    static List<Row> after(JdbcTemplate jdbc, long after, long upTo, int limit) {
        return jdbc.query("SELECT " + COLUMNS + " FROM domain_event_entry WHERE global_index > ? AND global_index <= ? "
                + "ORDER BY global_index LIMIT " + limit, (row, i) -> row(row), after, upTo);
    }

    /** Rows parsed into events, and whether each one's content gives its hash. */
    record Checked(StoredEvent[] events, boolean[] contentMatches) {
    }

    /** Parses the rows and checks each against its hash on every core: the costly part of reading a chain. */
    static Checked checked(List<Row> rows) {
        StoredEvent[] events = new StoredEvent[rows.size()];
        boolean[] contentMatches = new boolean[rows.size()];
        IntStream.range(0, rows.size()).parallel().forEach(i -> {
            events[i] = rows.get(i).event();
            contentMatches[i] = events[i].contentMatchesHash();
        });
        return new Checked(events, contentMatches);
    }

    /** The event of a row read with {@link #COLUMNS}, with its stored hashes. */
    static StoredEvent fromRow(ResultSet row) throws SQLException {
        return row(row).event();
    }
}
