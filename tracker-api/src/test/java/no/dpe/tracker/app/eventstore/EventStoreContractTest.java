package no.dpe.tracker.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.deadletter.DeadLetter;
import org.axonframework.messaging.deadletter.GenericDeadLetter;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * What the tracker needs from its event store, token store and dead-letter queue: Axon's JDBC implementations
 * on the Flyway schema, wired as {@link EventStoreComponents} wires them for the application. Each database
 * the tracker supports runs this contract in a subclass; each test gets a new, empty database.
 */
abstract class EventStoreContractTest {

    /** An event payload as the domain will have them: a record with a time in it. */
    record ThingHappened(String conversationId, int number, Instant at) {
    }

    /** A snapshot payload. */
    record ThingState(String conversationId, int eventsSeen) {
    }

    private static final String AGGREGATE_TYPE = "Thing";

    private final JacksonSerializer serializer = EventStoreComponents.serializer();
    private final List<HikariDataSource> openPools = new ArrayList<>();
    private final List<EmbeddedEventStore> openEventStores = new ArrayList<>();

    /** Creates a new, empty database for the current test and returns its JDBC URL. */
    protected abstract String createEmptyDatabase() throws Exception;

    /** Removes the current test's database; every connection to it is closed by then. */
    protected abstract void dropDatabase() throws Exception;

    protected abstract String username();

    private String jdbcUrl;

    @BeforeEach
    void createDatabase() throws Exception {
        jdbcUrl = createEmptyDatabase();
    }

    @AfterEach
    void closeAndDropDatabase() throws Exception {
        openEventStores.forEach(EmbeddedEventStore::shutDown);
        openPools.forEach(HikariDataSource::close);
        dropDatabase();
    }

    // --- schema ---------------------------------------------------------------------------------------------

    @Test
    void flywayCreatesTheEventStoreTokenAndDeadLetterTablesInAnEmptyDatabase() throws SQLException {
        DataSource dataSource = open();

        MigrateResult result = migrate(dataSource);

        assertThat(result.success).isTrue();
        assertThat(result.migrationsExecuted).isPositive();
        for (String table : List.of("domain_event_entry", "snapshot_event_entry", "token_entry",
                                    "dead_letter_entry")) {
            assertThat(count(dataSource, "SELECT COUNT(*) FROM " + table)).as(table).isZero();
        }
    }

    @Test
    void migratingAnUpToDateDatabaseAgainChangesNothing() {
        DataSource dataSource = open();
        migrate(dataSource);

        MigrateResult again = migrate(dataSource);

        assertThat(again.success).isTrue();
        assertThat(again.migrationsExecuted).isZero();
    }

    // --- events ---------------------------------------------------------------------------------------------

    @Test
    void eventsOfAnAggregateAreReadBackInOrderFromSequenceZeroWithPayloadAndMetaDataIntact() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        List<DomainEventMessage<ThingHappened>> appended = List.of(
                event(aggregateId, 0, MetaData.with("correlationId", "c-1").and("traceId", "t-1")),
                event(aggregateId, 1, MetaData.with("correlationId", "c-2")),
                event(aggregateId, 2, MetaData.emptyInstance()));

        stores.eventStore().publish(appended);

        List<? extends DomainEventMessage<?>> read = stores.eventStore().readEvents(aggregateId).asStream().toList();
        assertThat(read).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
        for (int i = 0; i < appended.size(); i++) {
            DomainEventMessage<?> expected = appended.get(i);
            DomainEventMessage<?> actual = read.get(i);
            assertThat(actual.getIdentifier()).isEqualTo(expected.getIdentifier());
            assertThat(actual.getAggregateIdentifier()).isEqualTo(aggregateId);
            assertThat(actual.getType()).isEqualTo(AGGREGATE_TYPE);
            assertThat(actual.getPayload()).isEqualTo(expected.getPayload());
            assertThat(actual.getMetaData()).isEqualTo(expected.getMetaData());
            // Axon keeps a message's own timestamp to the millisecond; times inside the payload keep theirs.
            assertThat(actual.getTimestamp()).isEqualTo(expected.getTimestamp().truncatedTo(ChronoUnit.MILLIS));
        }
    }

    @Test
    void readingFromSequenceZeroGivesTheFullHistoryEvenWhenASnapshotExists() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        stores.eventStore().publish(List.of(event(aggregateId, 0), event(aggregateId, 1), event(aggregateId, 2)));
        stores.eventStore().storeSnapshot(new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, aggregateId, 1, new ThingState(aggregateId, 2)));

        List<Object> fromSnapshot = payloads(stores.eventStore().readEvents(aggregateId).asStream());
        List<Object> fullHistory = payloads(stores.eventStore().readEvents(aggregateId, 0).asStream());

        assertThat(fromSnapshot).hasSize(2).first().isInstanceOf(ThingState.class);
        assertThat(fullHistory).hasSize(3).allMatch(ThingHappened.class::isInstance);
    }

    @Test
    void appendingASequenceNumberThatIsAlreadyTakenRaisesAConcurrencyException() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        stores.engine().appendEvents(event(aggregateId, 0), event(aggregateId, 1));

        assertThatThrownBy(() -> stores.engine().appendEvents(event(aggregateId, 1)))
                .isInstanceOf(ConcurrencyException.class);
    }

    @Test
    void creatingAnAggregateWhoseIdentifierIsAlreadyTakenRaisesAnAggregateStreamCreationException() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        stores.engine().appendEvents(event(aggregateId, 0));

        assertThatThrownBy(() -> stores.engine().appendEvents(event(aggregateId, 0)))
                .isInstanceOf(AggregateStreamCreationException.class);
    }

    @Test
    void anAppendThatClashesStoresNoneOfItsEvents() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        stores.engine().appendEvents(event(aggregateId, 0), event(aggregateId, 1));

        assertThatThrownBy(() -> stores.engine().appendEvents(event(aggregateId, 2), event(aggregateId, 1)))
                .isInstanceOf(ConcurrencyException.class);

        assertThat(stores.engine().readEvents(aggregateId, 0).asStream())
                .extracting(DomainEventMessage::getSequenceNumber)
                .containsExactly(0L, 1L);
    }

    @Test
    void fiveHundredAppendsTakeConsecutiveGlobalIndexesSoStreamingProcessorsSeeNoGaps() {
        Stores stores = migratedStores();
        List<String> aggregateIds = List.of(newAggregateId(), newAggregateId(), newAggregateId());
        for (int i = 0; i < 500; i++) {
            stores.engine().appendEvents(event(aggregateIds.get(i % 3), i / 3));
        }

        List<GapAwareTrackingToken> tokens;
        try (Stream<? extends TrackedEventMessage<?>> stream = stores.engine().readEvents(null, false)) {
            tokens = stream.map(TrackedEventMessage::trackingToken)
                           .map(GapAwareTrackingToken.class::cast)
                           .toList();
        }

        assertThat(tokens).hasSize(500);
        long first = tokens.get(0).getIndex();
        assertThat(tokens).extracting(GapAwareTrackingToken::getIndex)
                          .containsExactlyElementsOf(LongStream.range(first, first + 500).boxed().toList());
        assertThat(tokens).allSatisfy(token -> assertThat(token.getGaps()).isEmpty());
    }

    @Test
    void aTokenWithGapsReadsTheEventsInItsGapsAndThoseAfterItInOrder() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        for (int i = 0; i < 10; i++) {
            stores.engine().appendEvents(event(aggregateId, i));
        }
        List<TrackedEventMessage<?>> all;
        try (Stream<? extends TrackedEventMessage<?>> stream = stores.engine().readEvents(null, false)) {
            all = stream.<TrackedEventMessage<?>>map(event -> event).collect(Collectors.toList());
        }
        long third = ((GapAwareTrackingToken) all.get(2).trackingToken()).getIndex();
        long fifth = ((GapAwareTrackingToken) all.get(4).trackingToken()).getIndex();
        long seventh = ((GapAwareTrackingToken) all.get(6).trackingToken()).getIndex();
        // as a processor's token is after the seventh event when the third and fifth committed late
        TrackingToken withGaps = GapAwareTrackingToken.newInstance(seventh, List.of(third, fifth));

        List<String> read;
        try (Stream<? extends TrackedEventMessage<?>> stream = stores.engine().readEvents(withGaps, false)) {
            read = stream.map(TrackedEventMessage::getIdentifier).collect(Collectors.toList());
        }

        assertThat(read).containsExactly(all.get(2).getIdentifier(), all.get(4).getIdentifier(),
                all.get(7).getIdentifier(), all.get(8).getIdentifier(), all.get(9).getIdentifier());
    }

    @Test
    void anEventPayloadOfSeveralMegabytesRoundTrips() {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        String large = "x".repeat(3 * 1024 * 1024);
        stores.engine().appendEvents(new GenericDomainEventMessage<>(
                AGGREGATE_TYPE, aggregateId, 0, new ThingHappened(large, 0, now())));

        DomainEventMessage<?> read = stores.engine().readEvents(aggregateId, 0).next();

        assertThat(((ThingHappened) read.getPayload()).conversationId()).isEqualTo(large);
    }

    @Test
    void payloadsAndMetaDataAreStoredAsJson() throws Exception {
        Stores stores = migratedStores();
        String aggregateId = newAggregateId();
        stores.engine().appendEvents(event(aggregateId, 0, MetaData.with("correlationId", "c-1")));

        byte[][] row = bytes(stores.dataSource(),
                             "SELECT payload, meta_data FROM domain_event_entry WHERE aggregate_identifier = '"
                                     + aggregateId + "'", 2);

        JsonNode payload = EventStoreComponents.objectMapper().readTree(row[0]);
        JsonNode metaData = EventStoreComponents.objectMapper().readTree(row[1]);
        assertThat(payload.get("conversationId").asText()).isEqualTo(aggregateId);
        assertThat(payload.get("at").isTextual()).as("dates as ISO-8601 text").isTrue();
        assertThat(metaData.get("correlationId").asText()).isEqualTo("c-1");
    }

    // --- tokens ---------------------------------------------------------------------------------------------

    @Test
    void aTokenStoredByTheClaimingNodeIsReadBackByTheNextNodeAfterItsClaimIsReleased() {
        Stores nodeA = migratedStores("node-a");
        Stores nodeB = storesOn(nodeA.dataSource(), "node-b");
        nodeA.inTransaction(() -> nodeA.tokenStore().initializeTokenSegments("projection", 2));
        TrackingToken position = GapAwareTrackingToken.newInstance(41, List.of(17L));

        nodeA.inTransaction(() -> {
            nodeA.tokenStore().fetchToken("projection", 0);
            nodeA.tokenStore().storeToken(position, "projection", 0);
        });
        nodeA.inTransaction(() -> nodeA.tokenStore().releaseClaim("projection", 0));

        TrackingToken readByB = nodeB.inTransaction(() -> nodeB.tokenStore().fetchToken("projection", 0));
        assertThat(readByB).isEqualTo(position);
        assertThat(nodeB.tokenStore().fetchSegments("projection")).containsExactly(0, 1);
    }

    @Test
    void aSegmentClaimedByOneNodeCannotBeClaimedByAnother() {
        Stores nodeA = migratedStores("node-a");
        Stores nodeB = storesOn(nodeA.dataSource(), "node-b");
        nodeA.inTransaction(() -> nodeA.tokenStore().initializeTokenSegments("projection", 1));
        nodeA.inTransaction(() -> nodeA.tokenStore().fetchToken("projection", 0));

        assertThatThrownBy(() -> nodeB.inTransaction(() -> nodeB.tokenStore().fetchToken("projection", 0)))
                .isInstanceOf(UnableToClaimTokenException.class);
    }

    @Test
    void tokensAreStoredAsJson() throws Exception {
        Stores stores = migratedStores();
        stores.inTransaction(() -> stores.tokenStore().initializeTokenSegments(
                "projection", 1, new GlobalSequenceTrackingToken(7)));

        byte[][] row = bytes(stores.dataSource(),
                             "SELECT token FROM token_entry WHERE processor_name = 'projection'", 1);

        assertThat(EventStoreComponents.objectMapper().readTree(row[0]).get("globalIndex").asLong()).isEqualTo(7);
    }

    // --- dead letters ---------------------------------------------------------------------------------------

    @Test
    void aDeadLetterIsKeptWithItsEventAndCauseInItsSequence() {
        Stores stores = migratedStores();
        JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = stores.deadLetterQueue("projection");
        String aggregateId = newAggregateId();
        DomainEventMessage<ThingHappened> failed = event(aggregateId, 0, MetaData.with("correlationId", "c-1"));
        EventMessage<?> tracked = new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(3), failed);

        queue.enqueue(aggregateId, new GenericDeadLetter<>(aggregateId, tracked, new IllegalStateException("boom")));

        assertThat(queue.contains(aggregateId)).isTrue();
        List<DeadLetter<? extends EventMessage<?>>> sequence = new ArrayList<>();
        queue.deadLetterSequence(aggregateId).forEach(sequence::add);
        assertThat(sequence).singleElement().satisfies(letter -> {
            assertThat(letter.message().getIdentifier()).isEqualTo(failed.getIdentifier());
            assertThat(letter.message().getPayload()).isEqualTo(failed.getPayload());
            assertThat(letter.message().getMetaData()).isEqualTo(failed.getMetaData());
            assertThat(letter.cause()).hasValueSatisfying(cause -> {
                assertThat(cause.type()).isEqualTo(IllegalStateException.class.getName());
                assertThat(cause.message()).isEqualTo("boom");
            });
        });
    }

    @Test
    void anEvictedDeadLetterLeavesTheQueue() {
        Stores stores = migratedStores();
        JdbcSequencedDeadLetterQueue<EventMessage<?>> queue = stores.deadLetterQueue("projection");
        String aggregateId = newAggregateId();
        queue.enqueue(aggregateId, new GenericDeadLetter<>(aggregateId, event(aggregateId, 0),
                                                           new IllegalStateException("boom")));
        DeadLetter<? extends EventMessage<?>> letter = queue.deadLetterSequence(aggregateId).iterator().next();

        queue.evict(letter);

        assertThat(queue.contains(aggregateId)).isFalse();
        assertThat(queue.size()).isZero();
    }

    // --- restart --------------------------------------------------------------------------------------------

    @Test
    void historyAndTokensSurviveClosingAndReopeningTheDatabase() {
        Stores before = migratedStores();
        String aggregateId = newAggregateId();
        before.engine().appendEvents(event(aggregateId, 0), event(aggregateId, 1), event(aggregateId, 2));
        before.inTransaction(() -> before.tokenStore().initializeTokenSegments(
                "projection", 1, new GlobalSequenceTrackingToken(2)));
        List<Object> history = payloads(before.engine().readEvents(aggregateId, 0).asStream());
        close(before);

        Stores after = migratedStores();
        after.engine().appendEvents(event(aggregateId, 3));

        assertThat(payloads(after.engine().readEvents(aggregateId, 0).asStream()))
                .hasSize(4)
                .startsWith(history.toArray());
        assertThat(after.inTransaction(() -> after.tokenStore().fetchToken("projection", 0)))
                .isEqualTo(new GlobalSequenceTrackingToken(2));
    }

    @Test
    void theGlobalIndexContinuesWithoutAGapAfterReopeningTheDatabase() {
        Stores before = migratedStores();
        String aggregateId = newAggregateId();
        before.engine().appendEvents(event(aggregateId, 0), event(aggregateId, 1));
        close(before);

        Stores after = migratedStores();
        after.engine().appendEvents(event(aggregateId, 2));

        try (Stream<? extends TrackedEventMessage<?>> stream = after.engine().readEvents(null, false)) {
            assertThat(stream.map(TrackedEventMessage::trackingToken).map(GapAwareTrackingToken.class::cast))
                    .extracting(GapAwareTrackingToken::getIndex)
                    .containsExactly(1L, 2L, 3L);
        }
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** The stores on one connection pool, wired like the application's (Spring transactions, JDBC). */
    record Stores(HikariDataSource dataSource,
                  TransactionManager transactionManager,
                  ConnectionProvider connectionProvider,
                  EventStorageEngine engine,
                  EventStore eventStore,
                  TokenStore tokenStore,
                  JacksonSerializer serializer) {

        <T> T inTransaction(java.util.function.Supplier<T> work) {
            return transactionManager.fetchInTransaction(work);
        }

        void inTransaction(Runnable work) {
            transactionManager.executeInTransaction(work);
        }

        JdbcSequencedDeadLetterQueue<EventMessage<?>> deadLetterQueue(String processingGroup) {
            return EventStoreComponents.deadLetterQueue(processingGroup, connectionProvider, transactionManager)
                                       .genericSerializer(serializer)
                                       .eventSerializer(serializer)
                                       .build();
        }
    }

    private Stores migratedStores() {
        return migratedStores("node-a");
    }

    private Stores migratedStores(String nodeId) {
        HikariDataSource dataSource = open();
        migrate(dataSource);
        return storesOn(dataSource, nodeId);
    }

    private Stores storesOn(HikariDataSource dataSource, String nodeId) {
        TransactionManager transactionManager =
                new SpringTransactionManager(new DataSourceTransactionManager(dataSource));
        ConnectionProvider connectionProvider =
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
        EventStorageEngine engine = EventStoreComponents.eventStorageEngine(connectionProvider, transactionManager)
                                                        .eventSerializer(serializer)
                                                        .snapshotSerializer(serializer)
                                                        .build();
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        openEventStores.add(eventStore);
        TokenStore tokenStore = EventStoreComponents.tokenStore(connectionProvider)
                                                    .serializer(serializer)
                                                    .nodeId(nodeId)
                                                    .build();
        return new Stores(dataSource, transactionManager, connectionProvider, engine, eventStore, tokenStore,
                          serializer);
    }

    private HikariDataSource open() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(username());
        config.setPassword("");
        config.setMaximumPoolSize(4);
        HikariDataSource dataSource = new HikariDataSource(config);
        openPools.add(dataSource);
        return dataSource;
    }

    /** Closes every connection, which for an embedded database is a shutdown. */
    private void close(Stores stores) {
        stores.dataSource().close();
    }

    private static MigrateResult migrate(DataSource dataSource) {
        return Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    private static String newAggregateId() {
        return UUID.randomUUID().toString();
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private static DomainEventMessage<ThingHappened> event(String aggregateId, long sequenceNumber) {
        return event(aggregateId, sequenceNumber, MetaData.emptyInstance());
    }

    private static DomainEventMessage<ThingHappened> event(String aggregateId, long sequenceNumber,
                                                           Map<String, ?> metaData) {
        return new GenericDomainEventMessage<>(AGGREGATE_TYPE, aggregateId, sequenceNumber,
                                               new ThingHappened(aggregateId, (int) sequenceNumber, now()),
                                               metaData);
    }

    private static List<Object> payloads(Stream<? extends DomainEventMessage<?>> events) {
        return events.map(DomainEventMessage::getPayload).collect(Collectors.toList());
    }

    private static long count(DataSource dataSource, String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(sql)) {
            resultSet.next();
            return resultSet.getLong(1);
        }
    }

    private static byte[][] bytes(DataSource dataSource, String sql, int columns) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet resultSet = statement.executeQuery(sql)) {
            assertThat(resultSet.next()).as("a row for " + sql).isTrue();
            byte[][] row = new byte[columns][];
            for (int i = 0; i < columns; i++) {
                row[i] = resultSet.getBytes(i + 1);
            }
            return row;
        }
    }
}
