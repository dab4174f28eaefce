package no.dpe.tracker.app.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import no.dpe.tracker.projections.Sql;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.serialization.json.JacksonSerializer;

/**
 * How Axon's JDBC stores are set up on the tables of {@code db/migration}: the one place both the application
 * ({@link EventStoreConfiguration}) and the store's contract tests take them from.
 * <p>
 * Names are Axon's default names in snake_case (the JDBC defaults are camelCase, which PostgreSQL would fold
 * to unreadable lower case). Payloads, metadata and tokens are JSON written by Jackson 2, never XStream.
 */
public final class EventStoreComponents {

    static final EventSchema EVENT_TABLES = EventSchema.builder()
            .eventTable("domain_event_entry")
            .snapshotTable("snapshot_event_entry")
            .globalIndexColumn("global_index")
            .eventIdentifierColumn("event_identifier")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .typeColumn("type")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .build();

    /** The SHA-256 of an event's canonical form, and of the event before it in its conversation (ADR 0015). */
    public static final String EVENT_HASH_COLUMN = "event_hash";
    public static final String PREVIOUS_HASH_COLUMN = "previous_hash";

    static final TokenSchema TOKEN_TABLE = TokenSchema.builder()
            .setTokenTable("token_entry")
            .setProcessorNameColumn("processor_name")
            .setSegmentColumn("segment")
            .setTokenColumn("token")
            .setTokenTypeColumn("token_type")
            .setTimestampColumn("timestamp")
            .setOwnerColumn("owner")
            .build();

    static final DeadLetterSchema DEAD_LETTER_TABLE = DeadLetterSchema.builder()
            .deadLetterTable("dead_letter_entry")
            .deadLetterIdentifierColumn("dead_letter_id")
            .processingGroupColumn("processing_group")
            .sequenceIdentifierColumn("sequence_identifier")
            .sequenceIndexColumn("sequence_index")
            .messageTypeColumn("message_type")
            .eventIdentifierColumn("event_identifier")
            .timestampColumn("time_stamp")
            .payloadTypeColumn("payload_type")
            .payloadRevisionColumn("payload_revision")
            .payloadColumn("payload")
            .metaDataColumn("meta_data")
            .aggregateTypeColumn("type")
            .aggregateIdentifierColumn("aggregate_identifier")
            .sequenceNumberColumn("sequence_number")
            .tokenTypeColumn("token_type")
            .tokenColumn("token")
            .enqueuedAtColumn("enqueued_at")
            .lastTouchedColumn("last_touched")
            .processingStartedColumn("processing_started")
            .causeTypeColumn("cause_type")
            .causeMessageColumn("cause_message")
            .diagnosticsColumn("diagnostics")
            .build();

    /** SQLSTATE of a unique-constraint violation, the same on H2 and PostgreSQL. */
    private static final String UNIQUE_VIOLATION = "23505";

    private EventStoreComponents() {
    }

    /**
     * The Jackson 2 mapper Axon serializes with. Modules are registered by hand rather than discovered, so a
     * library arriving on the class path cannot change what is written. Dates are ISO-8601 strings, readable
     * by whoever audits the history.
     */
    public static ObjectMapper objectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** A serializer as the application configures it (axon.serializer.* = jackson, with {@link #objectMapper()}). */
    public static JacksonSerializer serializer() {
        return JacksonSerializer.builder().objectMapper(objectMapper()).build();
    }

    /**
     * Tells a clash on (aggregate identifier, sequence number) from other failures, so that Axon reports it as
     * a {@code ConcurrencyException}. Axon's default for JDBC only recognises
     * {@link java.sql.SQLIntegrityConstraintViolationException}, which H2 throws and PostgreSQL's driver does not.
     */
    public static PersistenceExceptionResolver duplicateKeyResolver() {
        return new SQLStateResolver(UNIQUE_VIOLATION);
    }

    /** The event storage engine on our tables; the caller adds serializers (and upcasters, snapshot filter). */
    public static JdbcEventStorageEngine.Builder eventStorageEngine(ConnectionProvider connectionProvider,
                                                                    TransactionManager transactionManager) {
        return JdbcEventStorageEngine.builder()
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(EVENT_TABLES)
                // bytea / BINARY VARYING columns are read and written as byte arrays (Axon's default, stated
                // because the schema depends on it).
                .dataType(byte[].class)
                .persistenceExceptionResolver(duplicateKeyResolver())
                .readEventDataWithGaps(EventStoreComponents::readEventDataWithGaps);
    }

    /**
     * The events after a tracking token that has gaps: those in the next batch's range of global indexes and
     * those in the gaps, in order. Axon's own statement asks for {@code (range) OR IN (gaps)}, which H2
     * answers by scanning the whole event table (EXPLAIN: the primary key without a condition): with
     * concurrent commands tokens have gaps most of the time, and the event store's reader then spent an eighth
     * of the end-to-end bench's samples scanning. As two index lookups joined by UNION ALL, both databases use
     * the primary key. The gaps are all below the token's index, so the two parts never share a row.
     */
    static PreparedStatement readEventDataWithGaps(Connection connection, EventSchema schema, long globalIndex,
                                                   int batchSize, List<Long> gaps) throws SQLException {
        String select = "SELECT " + schema.trackedEventFields() + " FROM " + schema.domainEventTable() + " WHERE ";
        String sql = select + schema.globalIndexColumn() + " > ? AND " + schema.globalIndexColumn() + " <= ?"
                + " UNION ALL " + select + schema.globalIndexColumn() + " IN ("
                + Sql.placeholders(gaps.size()) + ")"
                + " ORDER BY " + schema.globalIndexColumn() + " ASC";
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setLong(1, globalIndex);
        statement.setLong(2, globalIndex + batchSize);
        for (int i = 0; i < gaps.size(); i++) {
            statement.setLong(i + 3, gaps.get(i));
        }
        return statement;
    }

    /** The token store on our table; the caller adds the serializer and claim timeout. */
    public static JdbcTokenStore.Builder tokenStore(ConnectionProvider connectionProvider) {
        return JdbcTokenStore.builder()
                .connectionProvider(connectionProvider)
                .schema(TOKEN_TABLE)
                .contentType(byte[].class);
    }

    /** A processing group's dead-letter queue on our table; the caller adds the serializers. */
    public static JdbcSequencedDeadLetterQueue.Builder<EventMessage<?>> deadLetterQueue(
            String processingGroup,
            ConnectionProvider connectionProvider,
            TransactionManager transactionManager) {
        return JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                .processingGroup(processingGroup)
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                .schema(DEAD_LETTER_TABLE);
    }
}
