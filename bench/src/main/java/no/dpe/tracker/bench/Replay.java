package no.dpe.tracker.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import no.dpe.tracker.app.eventstore.EventStoreComponents;
import no.dpe.tracker.projections.rebuild.Projections;
import no.dpe.tracker.projections.state.MessageStateProjection;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/**
 * Replay: rebuilding the message-state projection from a store of {@code bench.replay-events} events, through the
 * same Projections bean the admin API uses, in bulk (what POST /api/admin/projections/message-state/rebuild does)
 * onto the empty tables, then replayed by its processor (a reset of its tokens) and in bulk again, each of these two
 * beginning by emptying what the rebuild before it left; against a raw JDBC read of the same rows.
 *
 * <p>The events are real core events (the four of each message's outgoing lifecycle, one conversation per
 * message) appended by the application's own JdbcEventStorageEngine with its serializer, so the rows are
 * exactly what the tracker writes; they bypass the event bus, so the subscribing message index does not see
 * them (the message-state projection does not read it). Every other streaming processor is stopped first:
 * the figure is the message-state projection's alone.
 */
final class Replay {

    private static final int APPEND_CHUNK = 2_000;

    private Replay() {
    }

    static void run() throws Exception {
        int events = Settings.integer("bench.replay-events", 1_000_000) / 4 * 4;
        Database database = Database.valueOf(Settings.string("bench.replay-db", "H2").toUpperCase());
        try (Database.Store store = database.fresh("replay");
             Tracker tracker = Tracker.start(store, new Class<?>[] {IdleProjection.Beans.class})) {
            for (EventProcessor processor : tracker.processors().values()) {
                if (processor instanceof StreamingEventProcessor) {
                    processor.shutDown();
                }
            }
            generate(tracker.bean(EventStorageEngine.class), events);
            long head = tracker.headIndex();

            read(tracker, false);
            double raw = read(tracker, false);
            double deserialized = read(tracker, true);

            StreamingEventProcessor idle = (StreamingEventProcessor) tracker.processors()
                    .get(IdleProjection.PROCESSING_GROUP);
            // once to warm the processor's code up for both replays measured below
            replayIdle(tracker, idle);

            Projections projections = tracker.bean(Projections.class);
            // first onto the empty tables the events were stored beside (as the processor's replay ran before), so
            // that the two timed after it both begin by emptying the rows a rebuild left: a fair pair
            double bulkOntoEmpty = bulkRebuild(tracker, projections, events);
            long start = System.nanoTime();
            try (Sampler sampler = Sampler.of("[" + MessageStateProjection.PROCESSING_GROUP + "]")) {
                projections.replay(MessageStateProjection.PROCESSING_GROUP);
                tracker.awaitProcessorsCaughtUp(Duration.ofMinutes(30));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double idleSeconds = replayIdle(tracker, idle);
            Long rows = tracker.jdbc().queryForObject("SELECT COUNT(*) FROM message_state", Long.class);
            Report.progress("rebuild: %d events (head %d) in %.1f s, %d message_state rows", events, head, seconds,
                    rows);
            if (rows == null || rows != events / 4) {
                Report.progress("WARNING: expected %d message_state rows, found %s", events / 4, rows);
            }
            String settings = processorSettings(tracker);
            String baselines = "raw JDBC read of the same rows (one SELECT ... ORDER BY global_index, fetch size 1000): "
                    + Report.rate(raw) + " rows/s; with Jackson deserialization of each payload: "
                    + Report.rate(deserialized) + " rows/s; the same processor replaying a handler that "
                    + "writes nothing: " + Report.rate(events / idleSeconds) + " events/s";
            Report.row("replay: rebuild of the message-state projection from " + events + " events, "
                            + database.label() + " (" + settings + "; tables full before it)",
                    Report.rate(events / seconds) + " events/s (" + String.format("%.0f", seconds) + " s)",
                    baselines, ratios(events / seconds, raw, deserialized, events / idleSeconds));

            double bulkSeconds = bulkRebuild(tracker, projections, events);
            String pageSize = tracker.bean(org.springframework.core.env.Environment.class)
                    .getProperty("dpe.tracker.rebuild-page-size");
            Report.row("replay: bulk rebuild of the message-state projection from " + events + " events, "
                            + database.label() + " (page size " + pageSize + ", then the processor; tables full before it)",
                    Report.rate(events / bulkSeconds) + " events/s (" + String.format("%.0f", bulkSeconds) + " s)",
                    baselines, ratios(events / bulkSeconds, raw, deserialized, events / idleSeconds),
                    Report.Goal.ratioAtLeast(events / bulkSeconds / deserialized, 0.6, "vs read+deserialize"));
            Report.row("replay: bulk rebuild of the message-state projection from " + events + " events, "
                            + database.label() + " (page size " + pageSize + ", then the processor; onto empty tables, "
                            + "before the two above)",
                    Report.rate(events / bulkOntoEmpty) + " events/s (" + String.format("%.0f", bulkOntoEmpty) + " s)",
                    baselines, ratios(events / bulkOntoEmpty, raw, deserialized, events / idleSeconds),
                    Report.Goal.ratioAtLeast(events / bulkOntoEmpty / deserialized, 0.6, "vs read+deserialize"));
        }
    }

    private static String ratios(double figure, double raw, double deserialized, double idle) {
        return Report.ratio(figure, raw) + " (vs read+deserialize " + Report.ratio(figure, deserialized)
                + ", vs the idle handler " + Report.ratio(figure, idle) + ")";
    }

    /**
     * What POST /api/admin/projections/message-state/rebuild does now (adr/0018-bulk-rebuild.md): the event table read
     * straight into the projection, then its processor started at the position reached; timed until the processor
     * has passed the last event. Returns the seconds it took.
     */
    private static double bulkRebuild(Tracker tracker, Projections projections, int events) throws Exception {
        long start = System.nanoTime();
        try (Sampler sampler = Sampler.of("rebuild-")) {
            projections.rebuild(MessageStateProjection.PROCESSING_GROUP).get(30, TimeUnit.MINUTES);
            tracker.awaitProcessorsCaughtUp(Duration.ofMinutes(30));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Long rows = tracker.jdbc().queryForObject("SELECT COUNT(*) FROM message_state", Long.class);
        Report.progress("bulk rebuild: %d events in %.1f s, %d message_state rows", events, seconds, rows);
        if (rows == null || rows != events / 4) {
            Report.progress("WARNING: expected %d message_state rows, found %s", events / 4, rows);
        }
        return seconds;
    }

    /** Replays the idle projection; returns the seconds it took. */
    private static double replayIdle(Tracker tracker, StreamingEventProcessor idle) throws InterruptedException {
        long before = tracker.bean(IdleProjection.class).handled();
        long start = System.nanoTime();
        IdleProjection.replay(idle);
        tracker.awaitProcessorsCaughtUp(Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        idle.shutDown();
        Report.progress("replay through the same processor with a handler that writes nothing: %d events in %.1f s",
                tracker.bean(IdleProjection.class).handled() - before, seconds);
        return seconds;
    }

    private static String processorSettings(Tracker tracker) {
        StreamingEventProcessor processor = (StreamingEventProcessor) tracker.processors()
                .get(MessageStateProjection.PROCESSING_GROUP);
        org.springframework.core.env.Environment environment =
                tracker.bean(org.springframework.core.env.Environment.class);
        return "segments " + processor.processingStatus().size() + ", batch size "
                + environment.getProperty("axon.eventhandling.processors."
                        + MessageStateProjection.PROCESSING_GROUP + ".batch-size",
                environment.getProperty("dpe.tracker.processor-batch-size"));
    }

    static void generate(EventStorageEngine engine, int events) {
        long start = System.nanoTime();
        List<GenericDomainEventMessage<?>> chunk = new ArrayList<>(APPEND_CHUNK);
        for (int i = 0; i < events / 4; i++) {
            Publiserings.Publisering message = Publiserings.next();
            Instant at = Instant.now();
            long sequence = 0;
            String correlation = UUID.randomUUID().toString();
            for (Object payload : message.events(at)) {
                Map<String, Object> metaData = new HashMap<>();
                metaData.put("correlationId", correlation);
                metaData.put("causationId", UUID.randomUUID().toString());
                chunk.add(new GenericDomainEventMessage<>("Conversation", message.conversationId(), sequence++,
                        payload, metaData, UUID.randomUUID().toString(), at));
            }
            if (chunk.size() >= APPEND_CHUNK) {
                engine.appendEvents(chunk);
                chunk.clear();
            }
            if ((i + 1) % 50_000 == 0) {
                Report.progress("appended %d events", (i + 1) * 4L);
            }
        }
        if (!chunk.isEmpty()) {
            engine.appendEvents(chunk);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Report.progress("generated %d events in %.1f s (%.0f events/s through JdbcEventStorageEngine.appendEvents, "
                + "%d per call)", events, seconds, events / seconds, APPEND_CHUNK);
    }

    /** Reads every event row in order; returns rows per second. */
    static double read(Tracker tracker, boolean deserialize) throws Exception {
        ObjectMapper json = EventStoreComponents.objectMapper();
        Map<String, Class<?>> types = new HashMap<>();
        long start = System.nanoTime();
        long rows = 0;
        long bytes = 0;
        try (Connection connection = tracker.dataSource().getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT global_index, event_identifier, "
                    + "aggregate_identifier, sequence_number, type, time_stamp, payload_type, payload_revision, "
                    + "payload, meta_data FROM domain_event_entry ORDER BY global_index")) {
                select.setFetchSize(1000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        rs.getLong(1);
                        rs.getString(2);
                        rs.getString(3);
                        rs.getLong(4);
                        rs.getString(5);
                        rs.getString(6);
                        String type = rs.getString(7);
                        rs.getString(8);
                        byte[] payload = rs.getBytes(9);
                        byte[] metaData = rs.getBytes(10);
                        bytes += payload.length + (metaData == null ? 0 : metaData.length);
                        if (deserialize) {
                            Class<?> payloadType = types.computeIfAbsent(type, Replay::load);
                            json.readValue(payload, payloadType);
                            json.readTree(metaData);
                        }
                        rows++;
                    }
                }
            }
            connection.commit();
            connection.setAutoCommit(true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Report.progress("raw read%s: %d rows, %d MB in %.1f s", deserialize ? " + deserialize" : "", rows,
                bytes / 1_000_000, seconds);
        return rows / seconds;
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }
}
