package no.dpe.tracker.app.eventstore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
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
                .persistenceExceptionResolver(duplicateKeyResolver());
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
