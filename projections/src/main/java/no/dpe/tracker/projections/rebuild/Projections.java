package no.dpe.tracker.projections.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The rebuildable projections: their progress, and rebuilding one from the event store. A rebuild stops the
 * projection's processor, resets its tokens to the start of the stream (its reset handler empties its tables
 * in the same transaction) and starts it again; it then replays every event.
 */
public class Projections {

    /** A position observed at a time; the rate since then estimates the time left. */
    private record Sample(Instant at, long position) {
    }

    private final EventProcessingConfiguration processing;
    private final StreamableMessageSource<?> events;
    private final Clock clock;
    private final List<String> names;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();

    public Projections(EventProcessingConfiguration processing, StreamableMessageSource<?> events, Clock clock,
                       List<String> names) {
        this.processing = processing;
        this.events = events;
        this.clock = clock;
        this.names = List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }

    public ProjectionProgress progress(String name) {
        StreamingEventProcessor processor = processor(name);
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        long processed = status.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(0))
                .min().orElse(0);
        TrackingToken head = events.createHeadToken();
        long total = head == null ? 0 : head.position().orElse(0);
        List<String> errors = new ArrayList<>();
        status.forEach((segment, tracker) -> {
            if (tracker.isErrorState()) {
                errors.add("segment " + segment + ": " + tracker.getError());
            }
        });
        boolean caughtUp = !status.isEmpty() && status.values().stream().allMatch(EventTrackerStatus::isCaughtUp);
        return new ProjectionProgress(name, processor.isRunning(), processor.isReplaying(), caughtUp, processed,
                total, timeLeft(name, processed, total), status.size(), errors);
    }

    /**
     * Rebuilds a projection from the first event. Returns once the replay has started, not when it is done.
     *
     * @throws RebuildRefusedException when the tokens cannot be reset (another node holds segments)
     */
    public void rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        processor.shutDown();
        try {
            processor.resetTokens();
        } catch (RuntimeException e) {
            throw new RebuildRefusedException(name, e);
        } finally {
            processor.start();
        }
        samples.put(name, new Sample(clock.instant(), 0));
    }

    private Duration timeLeft(String name, long processed, long total) {
        Instant now = clock.instant();
        long remaining = total - processed;
        if (remaining <= 0) {
            // measure the next catch-up from here
            samples.put(name, new Sample(now, processed));
            return Duration.ZERO;
        }
        Sample sample = samples.putIfAbsent(name, new Sample(now, processed));
        if (sample == null) {
            return null;
        }
        long done = processed - sample.position();
        Duration elapsed = Duration.between(sample.at(), now);
        if (done <= 0 || elapsed.isZero() || elapsed.isNegative()) {
            return null;
        }
        return Duration.ofMillis((long) ((double) remaining * elapsed.toMillis() / done));
    }

    private StreamingEventProcessor processor(String name) {
        if (!names.contains(name)) {
            throw new UnknownProjectionException(name, names);
        }
        return processing.eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("Projection '" + name
                        + "' has no streaming event processor; is it registered?"));
    }
}
