package no.dpe.tracker.app.chain;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Objects;

import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 39: chains the events stored before there was a chain (V38 made the columns), conversation by
 * conversation in sequence order, and records in {@code audit_chain_origin} up to which position and when. Those
 * events' chain proves they have not changed since this ran; the events after it are chained as they are stored.
 * It runs before the application appends anything (Flyway runs first), so no event is chained to one without a hash.
 * On an empty store it records position 0: the chain holds from the first event.
 */
public final class ChainExistingEvents implements JavaMigration {

    private static final int BATCH = 500;

    private final Clock clock;

    public ChainExistingEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("39");
    }

    @Override
    public String getDescription() {
        return "chain existing events";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        long events = 0;
        long upTo = 0;
        try (PreparedStatement select = connection.prepareStatement("SELECT global_index, aggregate_identifier, type, "
                + "sequence_number, event_identifier, payload_type, payload_revision, time_stamp, payload, meta_data "
                + "FROM domain_event_entry ORDER BY aggregate_identifier, sequence_number");
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE domain_event_entry SET event_hash = ?, previous_hash = ? WHERE global_index = ?")) {
            select.setFetchSize(BATCH);
            try (ResultSet rows = select.executeQuery()) {
                String aggregate = null;
                String previous = null;
                while (rows.next()) {
                    StoredEvent event = StoredEvents.fromRow(rows, null, null);
                    if (!Objects.equals(aggregate, event.aggregateIdentifier())) {
                        aggregate = event.aggregateIdentifier();
                        previous = null;
                    }
                    String hash = event.computeHash(previous);
                    update.setString(1, hash);
                    update.setString(2, previous);
                    update.setLong(3, event.position());
                    update.addBatch();
                    previous = hash;
                    upTo = Math.max(upTo, event.position());
                    if (++events % BATCH == 0) {
                        update.executeBatch();
                    }
                }
            }
            if (events % BATCH != 0) {
                update.executeBatch();
            }
        }
        try (PreparedStatement origin = connection.prepareStatement(
                "INSERT INTO audit_chain_origin (origin_id, chained_at, up_to_position, events) VALUES (1, ?, ?, ?)")) {
            origin.setString(1, clock.instant().toString());
            origin.setLong(2, upTo);
            origin.setLong(3, events);
            origin.executeUpdate();
        }
    }
}
