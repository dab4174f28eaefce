package no.dpe.tracker.app.metrics;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import no.dpe.tracker.app.Poller;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.projections.Sql;
import no.dpe.tracker.projections.state.MessageCounts;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Gauges read from what is stored, refreshed every {@code dpe.tracker.metrics.refresh-interval} on a thread of their
 * own (a scrape never waits for the database):
 *
 * <ul>
 *   <li>{@code dpe.messages}: messages by process, direction and current status, as the message-state projection
 *   counts them ({@link MessageCounts}: a few rows, not a count of every message; zeros included);</li>
 *   <li>{@code dpe.messages.stuck}: messages not finished (neither delivered, failed nor expired) whose state has not
 *   changed for longer than each of {@value #BUCKETS_TEXT}, as message-state has them;</li>
 *   <li>{@code dpe.processor.dead.letters}: events each processor has parked;</li>
 *   <li>{@code dpe.processor.lag.events} and {@code dpe.processor.lag.seconds}: how far each streaming processor's
 *   segments on this node are behind the event store, in events and in the age of the oldest event not yet
 *   handled (0 when caught up). A node that holds none of a processor's segments reports nothing for it.</li>
 * </ul>
 */
public class StoredState implements AutoCloseable {

    static final String BUCKETS_TEXT = "15 minutes, 1 hour, 6 hours and 24 hours";
    static final List<Duration> BUCKETS = List.of(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofHours(6),
            Duration.ofHours(24));
    /**
     * Not finished, and neither failed nor expired: counted among the few rows of message_state that are not
     * finished, along its index on (finished, last_update).
     */
    static final List<String> WAITING = Arrays.stream(MessageStatus.values())
            .filter(status -> !status.finishes() && status != MessageStatus.FEIL
                    && status != MessageStatus.LEVETID_UTLOPT)
            .map(MessageStatus::name).toList();
    private static final Logger log = LoggerFactory.getLogger(StoredState.class);

    private final JdbcTemplate jdbc;
    private final MessageCounts counts;
    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final Clock clock;
    private final MultiGauge messages;
    private final MultiGauge stuck;
    private final MultiGauge parked;
    private final MultiGauge lagEvents;
    private final MultiGauge lagSeconds;
    private final Poller refresher;

    public StoredState(JdbcTemplate jdbc, EventProcessingConfiguration processing,
                       EventStore eventStore, Clock clock, MeterRegistry registry, Duration refreshInterval) {
        this.jdbc = jdbc;
        this.counts = new MessageCounts(jdbc);
        this.processing = processing;
        this.eventStore = eventStore;
        this.clock = clock;
        this.messages = MultiGauge.builder("dpe.messages")
                .description("Messages by process, direction and current status").register(registry);
        this.stuck = MultiGauge.builder("dpe.messages.stuck")
                .description("Unfinished messages whose state has not changed for longer than stuck_for")
                .register(registry);
        this.parked = MultiGauge.builder("dpe.processor.dead.letters")
                .description("Events a processor has parked as dead letters").register(registry);
        this.lagEvents = MultiGauge.builder("dpe.processor.lag.events")
                .description("Events stored that this node's segments of the processor have not handled yet")
                .register(registry);
        this.lagSeconds = MultiGauge.builder("dpe.processor.lag.seconds").baseUnit("seconds")
                .description("Age of the oldest event this node's segments of the processor have not handled yet")
                .register(registry);
        this.refresher = Poller.start("metrics-stored-state", refreshInterval, this::refreshQuietly);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the gauges keep their last values; the database's own health says why
            log.debug("Could not refresh the stored-state metrics: {}", e.toString());
        }
    }

    /** Reads everything again now. */
    public void refresh() {
        List<MultiGauge.Row<?>> messageRows = new ArrayList<>();
        for (MessageCounts.Count count : counts.all()) {
            MessageCounts.Key key = count.key();
            messageRows.add(MultiGauge.Row.of(Tags.of("process", key.process().name(),
                    "direction", key.direction().name(), "status", key.status().name()), count.messages()));
        }
        messages.register(messageRows, true);

        Instant now = clock.instant();
        // one pass over the unfinished messages counts every bucket, rather than one query a bucket
        StringBuilder sql = new StringBuilder("SELECT ");
        List<Object> parameters = new ArrayList<>();
        for (Duration bucket : BUCKETS) {
            sql.append(parameters.isEmpty() ? "" : ", ").append("COALESCE(SUM(CASE WHEN last_update < ? THEN 1 ELSE 0 END), 0)");
            parameters.add(Timestamp.from(now.minus(bucket)));
        }
        sql.append(" FROM message_state WHERE finished = FALSE AND status IN (")
                .append(Sql.placeholders(WAITING.size())).append(")");
        parameters.addAll(WAITING);
        List<MultiGauge.Row<?>> stuckRows = new ArrayList<>();
        jdbc.query(sql.toString(), rs -> {
            for (int i = 0; i < BUCKETS.size(); i++) {
                stuckRows.add(MultiGauge.Row.of(Tags.of("stuck_for", BUCKETS.get(i).toString()), rs.getLong(i + 1)));
            }
        }, parameters.toArray());
        stuck.register(stuckRows, true);

        // every streaming processor, 0 when it has none parked: an alert sees 0 rather than nothing
        Map<String, Long> parkedByProcessor = new TreeMap<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor) {
                parkedByProcessor.put(name, 0L);
            }
        });
        jdbc.query("SELECT processing_group, COUNT(*) FROM dead_letter_entry GROUP BY processing_group",
                rs -> {
                    parkedByProcessor.put(rs.getString(1), rs.getLong(2));
                });
        List<MultiGauge.Row<?>> parkedRows = new ArrayList<>();
        parkedByProcessor.forEach((processor, count) ->
                parkedRows.add(MultiGauge.Row.of(Tags.of("processor", processor), count)));
        parked.register(parkedRows, true);

        TrackingToken head = eventStore.createHeadToken();
        long headPosition = head == null ? 0 : head.position().orElse(0);
        List<MultiGauge.Row<?>> lagEventRows = new ArrayList<>();
        List<MultiGauge.Row<?>> lagSecondRows = new ArrayList<>();
        for (Map.Entry<String, EventProcessor> entry : processing.eventProcessors().entrySet()) {
            if (!(entry.getValue() instanceof StreamingEventProcessor streaming)) {
                continue;
            }
            Map<Integer, EventTrackerStatus> status = streaming.processingStatus();
            OptionalLong position = status.values().stream()
                    .mapToLong(tracker -> tracker.getCurrentPosition().orElse(0)).min();
            if (position.isEmpty()) {
                continue;
            }
            long behind = Math.max(0, headPosition - position.getAsLong());
            Tags tags = Tags.of("processor", entry.getKey());
            lagEventRows.add(MultiGauge.Row.of(tags, behind));
            lagSecondRows.add(MultiGauge.Row.of(tags, behind == 0 ? 0 : ageOfFirstEventAfter(position.getAsLong(), now)));
        }
        lagEvents.register(lagEventRows, true);
        lagSeconds.register(lagSecondRows, true);
    }

    private double ageOfFirstEventAfter(long position, Instant now) {
        List<String> stamps = jdbc.queryForList("SELECT time_stamp FROM domain_event_entry WHERE global_index > ? "
                + "ORDER BY global_index FETCH FIRST 1 ROWS ONLY", String.class, position);
        if (stamps.isEmpty()) {
            return 0;
        }
        return Math.max(0, Duration.between(Instant.parse(stamps.get(0)), now).toMillis() / 1000.0);
    }

    @Override
    public void close() {
        refresher.stop(Duration.ofSeconds(10));
    }
}
