package no.dpe.tracker.projections.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.projections.Outages;
import no.dpe.tracker.projections.Processor;
import org.axonframework.eventhandling.DomainEventMessage;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static no.dpe.tracker.projections.state.Events.T0;
import static no.dpe.tracker.projections.state.Events.created;
import static no.dpe.tracker.projections.state.Events.received;
import static no.dpe.tracker.projections.state.Events.status;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code message_count}, kept by the message-state projection: always what counting {@code message_state} gives,
 * through status changes, replays, a reset and batches of several segments committing at once (real transactions on
 * a real H2 database migrated by Flyway).
 */
class MessageCountsTest {

    JdbcDataSource dataSource;
    JdbcTemplate jdbc;
    MessageStateProjection projection;
    Processor processor;
    MessageCounts counts;
    long position;

    @BeforeEach
    void setUp() {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(dataSource).load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        projection = new MessageStateProjection(jdbc, Processor.positions());
        processor = new Processor(projection);
        counts = new MessageCounts(jdbc);
    }

    @Test
    void each_message_is_counted_once_in_its_current_status() {
        processor.handle(next(0, created("c1", "m1")), next(0, created("c2", "m2")), next(0, received("c3", "in")));
        processor.handle(next(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false)),
                next(2, status("c1", "m1", MessageStatus.MOTTATT, MessageStatus.MOTTATT, false)));
        processor.handle(next(3, status("c1", "m1", MessageStatus.LEVERT, MessageStatus.LEVERT, false)));

        // m1 passed SENDT within one batch: the batch moved it from OPPRETTET to MOTTATT, and SENDT was never stored

        assertThat(stored()).containsExactlyInAnyOrderEntriesOf(Map.of(
                key(DpeProcess.JOURNALPOST, Direction.OUTGOING, MessageStatus.OPPRETTET), 1L,
                key(DpeProcess.JOURNALPOST, Direction.OUTGOING, MessageStatus.MOTTATT), 0L,
                key(DpeProcess.JOURNALPOST, Direction.OUTGOING, MessageStatus.LEVERT), 1L,
                key(DpeProcess.INNSYNSKRAV, Direction.INCOMING, MessageStatus.INNKOMMENDE_MOTTATT), 1L));
        assertThat(nonZero(stored())).isEqualTo(counted());
    }

    @Test
    void a_replay_over_stored_rows_counts_nothing_twice_and_a_reset_starts_from_nothing() {
        List<DomainEventMessage<?>> events = List.of(next(0, created("c1", "m1")),
                next(1, status("c1", "m1", MessageStatus.SENDT, MessageStatus.SENDT, false)));
        processor.handle(events);
        Map<MessageCounts.Key, Long> once = stored();

        processor.handle(events);
        assertThat(stored()).isEqualTo(once);

        processor.reset();
        assertThat(stored()).isEmpty();
        processor.handle(events);
        assertThat(nonZero(stored())).isEqualTo(nonZero(once)).isEqualTo(counted());
    }

    /**
     * Four segments, each with conversations of its own, commit batches at once, all of them moving the same few
     * counts (and the first ones inserting the same new rows). A batch that loses a clash is handled again, as the
     * processor does with an outage; the counts come out as counting the rows does.
     */
    @Test
    void concurrent_batches_of_several_segments_add_up_exactly() throws Exception {
        TransactionTemplate transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        int segments = 4;
        int batches = 40;
        ExecutorService threads = Executors.newFixedThreadPool(segments);
        try {
            List<Future<Integer>> retries = new ArrayList<>();
            for (int segment = 0; segment < segments; segment++) {
                int s = segment;
                retries.add(threads.submit(() -> {
                    int retried = 0;
                    for (int b = 0; b < batches; b++) {
                        List<DomainEventMessage<?>> batch = batch(s, b);
                        while (true) {
                            try {
                                transactions.executeWithoutResult(tx -> processor.handle(batch));
                                break;
                            } catch (RuntimeException clash) {
                                if (!Outages.isOutage(clash)) {
                                    throw clash;
                                }
                                retried++;
                            }
                        }
                    }
                    return retried;
                }));
            }
            for (Future<Integer> each : retries) {
                each.get();
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(nonZero(stored())).isEqualTo(counted());
        assertThat(stored().get(key(DpeProcess.JOURNALPOST, Direction.OUTGOING, MessageStatus.LEVERT)))
                .isEqualTo((long) segments * batches * 2);
    }

    /** Two new conversations of the segment, each created, sent and delivered in the batch, and one received. */
    private List<DomainEventMessage<?>> batch(int segment, int number) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            String conversation = "s" + segment + "-b" + number + "-c" + i;
            String message = conversation + "-m";
            events.add(event(0, created(conversation, message)));
            events.add(event(1, status(conversation, message, MessageStatus.SENDT, MessageStatus.SENDT, false)));
            events.add(event(2, status(conversation, message, MessageStatus.LEVERT, MessageStatus.LEVERT, false)));
        }
        String incoming = "s" + segment + "-b" + number + "-in";
        events.add(event(0, received(incoming, incoming + "-m")));
        return events;
    }

    private synchronized DomainEventMessage<?> event(long sequence, no.dpe.tracker.core.api.ConversationEvent event) {
        return next(sequence, event);
    }

    private DomainEventMessage<?> next(long sequence, no.dpe.tracker.core.api.ConversationEvent event) {
        return Processor.event(++position, sequence, event, T0.plusSeconds(position));
    }

    private static MessageCounts.Key key(DpeProcess process, Direction direction, MessageStatus status) {
        return new MessageCounts.Key(process, direction, status);
    }

    private Map<MessageCounts.Key, Long> stored() {
        Map<MessageCounts.Key, Long> stored = new TreeMap<>();
        counts.all().forEach(count -> stored.put(count.key(), count.messages()));
        return stored;
    }

    private static Map<MessageCounts.Key, Long> nonZero(Map<MessageCounts.Key, Long> counts) {
        Map<MessageCounts.Key, Long> nonZero = new TreeMap<>(counts);
        nonZero.values().removeIf(count -> count == 0);
        return nonZero;
    }

    /** What counting every row of message_state gives. */
    private Map<MessageCounts.Key, Long> counted() {
        Map<MessageCounts.Key, Long> counted = new TreeMap<>();
        jdbc.query("SELECT process, direction, status, COUNT(*) FROM message_state GROUP BY process, direction, status",
                rs -> {
                    counted.put(key(DpeProcess.valueOf(rs.getString(1)), Direction.valueOf(rs.getString(2)),
                            MessageStatus.valueOf(rs.getString(3))), rs.getLong(4));
                });
        return counted;
    }
}
