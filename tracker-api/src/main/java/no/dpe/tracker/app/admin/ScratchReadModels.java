package no.dpe.tracker.app.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import no.dpe.tracker.projections.EventPositions;
import no.dpe.tracker.projections.feed.StatusFeedProjection;
import no.dpe.tracker.projections.message.MessageIndexProjection;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * A scratch copy of every read model: an H2 database of its own in a temporary directory, given the application's
 * migrations, into which the event store is folded through the projections' own classes, a batch at a time in a
 * transaction as a processor would. The live database is only read (its event table, through the event store).
 * Closing it deletes it.
 */
final class ScratchReadModels implements AutoCloseable {

    /** Events per transaction, as a live processor's batch. */
    private static final int BATCH = 1000;
    /** How long the event stream may stay silent before the fold gives up on reaching its position. */
    private static final long SILENCE_SECONDS = 60;

    private final Path directory;
    private final SingleConnectionDataSource dataSource;
    private final JdbcTemplate jdbc;

    private ScratchReadModels(Path directory, SingleConnectionDataSource dataSource) {
        this.directory = directory;
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** An empty scratch database with the schema the migrations at {@code locations} make. */
    static ScratchReadModels create(String... locations) {
        Path directory;
        try {
            directory = Files.createTempDirectory("dpe-tracker-verify-");
        } catch (IOException e) {
            throw new IllegalStateException("Cannot create a scratch directory for the verification", e);
        }
        // a file, not memory: a large event store's read models need not fit in the heap
        String url = "jdbc:h2:file:" + directory.resolve("read-models").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE";
        JdbcDataSource migrations = new JdbcDataSource();
        migrations.setURL(url);
        Flyway.configure().dataSource(migrations).locations(locations).load().migrate();
        SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "", "", true);
        dataSource.setAutoCommit(false);
        return new ScratchReadModels(directory, dataSource);
    }

    JdbcTemplate jdbc() {
        return jdbc;
    }

    /**
     * Folds every event up to and including the global position {@code upTo} through the read models' projections,
     * in the order of the event stream.
     *
     * @return the token of the last event folded (its gaps are events at or below it the stream had not seen), or
     *         null when there was none
     */
    TrackingToken fold(EventStore eventStore, long upTo, EventPositions positions) throws InterruptedException {
        List<AnnotationEventHandlerAdapter> projections = List.of(
                new AnnotationEventHandlerAdapter(new MessageIndexProjection(jdbc)),
                new AnnotationEventHandlerAdapter(new MessageStateProjection(jdbc, positions)),
                new AnnotationEventHandlerAdapter(new StatusFeedProjection(jdbc, positions)));
        SpringTransactionManager transactions = new SpringTransactionManager(
                new DataSourceTransactionManager(dataSource));
        TrackingToken last = null;
        long reached = -1;
        List<TrackedEventMessage<?>> batch = new ArrayList<>();
        try (BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(null)) {
            while (reached < upTo) {
                if (!stream.hasNextAvailable((int) SILENCE_SECONDS, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("The event stream stopped at position " + reached
                            + " before position " + upTo);
                }
                TrackedEventMessage<?> next = stream.peek().orElseThrow();
                long position = next.trackingToken().position().orElse(reached);
                if (position > upTo) {
                    break;
                }
                batch.add(stream.nextAvailable());
                last = next.trackingToken();
                reached = position;
                if (batch.size() == BATCH) {
                    handle(batch, projections, transactions);
                    batch = new ArrayList<>();
                }
            }
        }
        handle(batch, projections, transactions);
        return last;
    }

    private static void handle(List<TrackedEventMessage<?>> events, List<AnnotationEventHandlerAdapter> projections,
                               SpringTransactionManager transactions) {
        if (events.isEmpty()) {
            return;
        }
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(transactions);
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> event = unitOfWork.getMessage();
            for (AnnotationEventHandlerAdapter projection : projections) {
                projection.handle(event);
            }
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            throw new IllegalStateException("The scratch read models could not fold a batch of events",
                    result.exceptionResult());
        }
    }

    @Override
    public void close() {
        try {
            jdbc.execute("SHUTDOWN");
        } finally {
            dataSource.destroy();
            try (Stream<Path> files = Files.walk(directory)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory the operating system will clear
            }
        }
    }
}
