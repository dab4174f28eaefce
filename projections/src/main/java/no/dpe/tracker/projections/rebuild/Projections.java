package no.dpe.tracker.projections.rebuild;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import no.dpe.tracker.projections.PendingResets;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.StreamableMessageSource;

/**
 * The rebuildable projections: their progress, and rebuilding one from the event store.
 *
 * <p>A rebuild ({@link #rebuild}) is a bulk one (adr/0018-bulk-rebuild.md): the projection's processor is stopped,
 * its tables emptied, the event table read straight through into its handlers a page per transaction, and the
 * processor started again at the position reached, to handle what came meanwhile. A replay ({@link #replay}) is
 * the processor's own: its tokens are reset to the start of the stream (its reset handler empties its tables in the
 * same transaction) and it handles every event again; both leave the same rows (BulkRebuildTest).
 */
public class Projections {

    /** How a bulk rebuild reads and writes: the same token store and transactions as the processors. */
    public record Bulk(TokenStore tokens, TransactionManager transactions, EventReader events, int pageSize,
                       PendingResets resets) {

        public Bulk {
            if (pageSize < 1) {
                throw new IllegalArgumentException("dpe.tracker.rebuild-page-size must be at least 1, was " + pageSize);
            }
        }
    }

    /** A position observed at a time; the rate since then estimates the time left. */
    private record Sample(Instant at, long position) {
    }

    /** How long a start waits for a stopped process's claims to lapse to finish a reset, and how often it asks. */
    private static final Duration CLAIM_PATIENCE = Duration.ofMinutes(1);
    private static final Duration CLAIM_RETRY = Duration.ofMillis(500);

    private final EventProcessingConfiguration processing;
    private final StreamableMessageSource<?> events;
    private final Clock clock;
    private final List<String> names;
    private final Bulk bulk;
    private final Map<String, Sample> samples = new ConcurrentHashMap<>();
    private final Map<String, BulkRebuild> rebuilding = new ConcurrentHashMap<>();
    private final Map<String, String> stopped = new ConcurrentHashMap<>();

    public Projections(EventProcessingConfiguration processing, StreamableMessageSource<?> events, Clock clock,
                       List<String> names, Bulk bulk) {
        this.processing = processing;
        this.events = events;
        this.clock = clock;
        this.names = List.copyOf(names);
        this.bulk = bulk;
    }

    public List<String> names() {
        return names;
    }

    public ProjectionProgress progress(String name) {
        StreamingEventProcessor processor = processor(name);
        TrackingToken head = events.createHeadToken();
        long total = head == null ? 0 : head.position().orElse(0);
        List<String> errors = new ArrayList<>();
        if (stopped.containsKey(name)) {
            errors.add(stopped.get(name));
        }
        BulkRebuild bulkRebuild = rebuilding.get(name);
        if (bulkRebuild != null) {
            long processed = Math.max(0, bulkRebuild.reached());
            return new ProjectionProgress(name, true, true, false, processed, total, timeLeft(name, processed, total),
                    bulkRebuild.segments(), errors);
        }
        Map<Integer, EventTrackerStatus> status = processor.processingStatus();
        long processed = status.values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(0))
                .min().orElse(0);
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
     * Rebuilds a projection from the first event, in bulk. Returns once the projection is emptied and its segments
     * claimed by this node; the rest runs on a thread of its own and ends with the processor started at the position
     * reached (the future's token). A rebuild that stops early (an outage) hands over at the last page written, and
     * the processor handles the rest; {@link #progress} then names why.
     *
     * @throws RebuildRefusedException when another node holds a segment, or a rebuild of it runs on this node
     */
    public CompletableFuture<TrackingToken> rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        TrackingToken start = events.createTailToken();
        BulkRebuild rebuild;
        synchronized (rebuilding) {
            if (rebuilding.containsKey(name)) {
                throw new RebuildRefusedException(name, "a rebuild of it is running on this node");
            }
            try {
                rebuild = BulkRebuild.begin(processor, bulk.tokens(), bulk.transactions(), bulk.events(), start,
                        bulk.pageSize(), bulk.resets(), clock.instant());
            } catch (RuntimeException e) {
                throw new RebuildRefusedException(name, e);
            }
            rebuilding.put(name, rebuild);
        }
        stopped.remove(name);
        samples.put(name, new Sample(clock.instant(), 0));
        CompletableFuture<TrackingToken> done = new CompletableFuture<>();
        Thread.ofPlatform().name("rebuild-" + name).start(() -> {
            try {
                done.complete(rebuild.run(start));
            } catch (RuntimeException | Error e) {
                stopped.put(name, "the bulk rebuild stopped at position " + rebuild.reached() + " (" + e
                        + "); the processor continues from there");
                done.completeExceptionally(e);
            } finally {
                rebuilding.remove(name);
            }
        });
        return done;
    }

    /**
     * Finishes the resets that a rebuild marked and did not finish (it stopped with the process while emptying the
     * tables, on H2; {@link PendingResets}), before the processors start, so that none handles an event onto a read
     * model emptied by half. Each such processor then replays from the start.
     *
     * @return the projections whose reset was finished
     */
    public List<String> finishPendingResets() {
        List<String> finished = new ArrayList<>();
        for (String name : bulk.resets().all()) {
            finishReset(name);
            finished.add(name);
        }
        return finished;
    }

    /**
     * Finishes one reset, waiting for the segments: a process that stopped without releasing them holds them until
     * their claims lapse (the token store's claim timeout, 10 s by default).
     */
    private void finishReset(String name) {
        long giveUp = System.nanoTime() + CLAIM_PATIENCE.toNanos();
        while (true) {
            try {
                BulkRebuild.finishReset(processor(name), bulk.tokens(), bulk.transactions(), events.createTailToken(),
                        bulk.resets());
                return;
            } catch (UnableToClaimTokenException e) {
                if (System.nanoTime() - giveUp > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(CLAIM_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Replays a projection from the first event through its processor. Returns once the replay has started, not when
     * it is done. Slower than {@link #rebuild}; the bench compares the two.
     *
     * @throws RebuildRefusedException when the tokens cannot be reset (another node holds segments), or a bulk
     *                                 rebuild of it runs on this node
     */
    public void replay(String name) {
        StreamingEventProcessor processor = processor(name);
        if (rebuilding.containsKey(name)) {
            throw new RebuildRefusedException(name, "a rebuild of it is running on this node");
        }
        processor.shutDown();
        try {
            processor.resetTokens();
            // a rebuild's reset left unfinished is finished by this one, which emptied the tables and set the tokens
            bulk.resets().clear(name);
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
