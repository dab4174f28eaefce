package no.dpe.tracker.app.eventstore;

import java.sql.ResultSet;
import java.sql.SQLException;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.RecentEventPositions;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;

/**
 * Axon's JDBC storage engine, which also tells {@link RecentEventPositions} the global position of every event
 * it reads for a streaming processor. Axon passes an event's position to a processor only inside its tracking
 * token, which for an event that fills a gap is another event's (see {@link EventPositions}); the read models
 * need the event's own, and without this would look each one up again by identifier: a quarter of the
 * message-state projection's replay time (bench/README.md).
 */
final class PositionRememberingStorageEngine extends JdbcEventStorageEngine {

    private final RecentEventPositions positions;

    PositionRememberingStorageEngine(Builder builder, RecentEventPositions positions) {
        super(builder);
        this.positions = positions;
    }

    @Override
    protected TrackedEventData<?> getTrackedEventData(ResultSet resultSet, GapAwareTrackingToken previousToken)
            throws SQLException {
        TrackedEventData<?> event = super.getTrackedEventData(resultSet, previousToken);
        positions.remember(event.getEventIdentifier(),
                resultSet.getLong(EventStoreComponents.EVENT_TABLES.globalIndexColumn()));
        return event;
    }
}
