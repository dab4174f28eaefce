package no.dpe.tracker.app.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import no.dpe.tracker.app.chain.StoredEvent;
import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.RecentEventPositions;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

/**
 * Axon's JDBC storage engine with two additions.
 * <p>
 * <b>Every event is chained</b> (adr/0015-tamper-evident-history.md): its row carries the SHA-256 of its canonical
 * form and the hash of the event before it in its conversation, written by the same insert, so an event and its
 * hash commit together or not at all. The previous hash is read in the appending transaction; two commands racing
 * on one conversation both read the same one, and the unique (aggregate, sequence) key lets only one of them commit.
 * <p>
 * <b>It tells {@link RecentEventPositions} the global position of every event it reads for a streaming
 * processor.</b> Axon passes an event's position to a processor only inside its tracking token, which for an event
 * that fills a gap is another event's (see {@link EventPositions}); the read models need the event's own, and
 * without this would look each one up again by identifier: a quarter of the message-state projection's replay time
 * (bench/README.md).
 */
final class TrackerStorageEngine extends JdbcEventStorageEngine {

    private final RecentEventPositions positions;

    TrackerStorageEngine(Builder builder, RecentEventPositions positions) {
        super(builder);
        this.positions = positions;
    }

    @Override
    protected PreparedStatement appendEvents(Connection connection, List<? extends EventMessage<?>> events,
                                             Serializer serializer) throws SQLException {
        EventSchema schema = schema();
        PreparedStatement statement = connection.prepareStatement("INSERT INTO " + schema.domainEventTable() + " ("
                + schema.domainEventFields() + ", " + EventStoreComponents.EVENT_HASH_COLUMN + ", "
                + EventStoreComponents.PREVIOUS_HASH_COLUMN + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        Map<String, String> latestHashes = new HashMap<>();
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEvent(message);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            SerializedObject<byte[]> metadata = event.serializeMetaData(serializer, byte[].class);
            String previous = event.getSequenceNumber() == 0 ? null
                    : latestHashes.containsKey(event.getAggregateIdentifier())
                    ? latestHashes.get(event.getAggregateIdentifier())
                    : storedHash(connection, event.getAggregateIdentifier(), event.getSequenceNumber() - 1);
            String hash = new StoredEvent(0, event.getAggregateIdentifier(), event.getType(),
                    event.getSequenceNumber(), event.getIdentifier(), payload.getType().getName(),
                    payload.getType().getRevision(), asStored(event.getTimestamp()), StoredEvent.storedJson(payload.getData()),
                    StoredEvent.storedJson(metadata.getData()), null, null).computeHash(previous);
            latestHashes.put(event.getAggregateIdentifier(), hash);
            statement.setString(1, event.getIdentifier());
            statement.setString(2, event.getAggregateIdentifier());
            statement.setLong(3, event.getSequenceNumber());
            statement.setString(4, event.getType());
            writeTimestamp(statement, 5, event.getTimestamp());
            statement.setString(6, payload.getType().getName());
            statement.setString(7, payload.getType().getRevision());
            statement.setBytes(8, payload.getData());
            statement.setBytes(9, metadata.getData());
            statement.setString(10, hash);
            statement.setString(11, previous);
            statement.addBatch();
        }
        return statement;
    }

    /**
     * The instant as the timestamp column will hold it: Axon writes milliseconds ({@code DateTimeUtils}), and the hash
     * is of what is stored, so that reading the row gives it back.
     */
    private static Instant asStored(Instant timestamp) {
        return DateTimeUtils.parseInstant(DateTimeUtils.formatInstant(timestamp));
    }

    /** The hash stored with an event, or null when there is no such event or it has none. */
    private String storedHash(Connection connection, String aggregateIdentifier, long sequenceNumber)
            throws SQLException {
        EventSchema schema = schema();
        try (PreparedStatement query = connection.prepareStatement("SELECT " + EventStoreComponents.EVENT_HASH_COLUMN
                + " FROM " + schema.domainEventTable() + " WHERE " + schema.aggregateIdentifierColumn() + " = ? AND "
                + schema.sequenceNumberColumn() + " = ?")) {
            query.setString(1, aggregateIdentifier);
            query.setLong(2, sequenceNumber);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    /** As Axon stores an event that no aggregate published: under its own identifier, at sequence 0. */
    private static DomainEventMessage<?> asDomainEvent(EventMessage<?> event) {
        if (event instanceof DomainEventMessage<?> domainEvent) {
            return domainEvent;
        }
        return new GenericDomainEventMessage<>(null, event.getIdentifier(), 0L, event, event::getTimestamp);
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
