package no.dpe.tracker.app.chain;

import java.sql.ResultSet;
import java.sql.SQLException;

/** Reads {@link StoredEvent}s from the event table's rows. */
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

    /** The event of a row read with {@link #COLUMNS}, with its stored hashes. */
    static StoredEvent fromRow(ResultSet row) throws SQLException {
        return fromRow(row, row.getString(11), row.getString(12));
    }
}
