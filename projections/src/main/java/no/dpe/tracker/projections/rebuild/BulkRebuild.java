package no.dpe.tracker.projections.rebuild;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import no.dpe.tracker.projections.PendingResets;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.EventHandlerInvoker;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.Segment;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.RollbackConfigurationType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rebuilds a read model without its streaming processor in the way (adr/0018-bulk-rebuild.md): the processor's own
 * handlers get the event table read straight through in global order, a page of events at a time, and the
 * processor is then started at the position reached.
 *
 * <p>The processor's machinery (a coordinator that hands every event to a work package per segment, each looking at
 * every event, and small batches) is what bounds a replay through it; a rebuild needs little of it, because nothing
 * else handles the events meanwhile. What it keeps is what makes a replay right: the same handlers through the
 * processor's own {@link EventHandlerInvoker} (so a poison event is parked in the processor's dead-letter queue as
 * the processor would park it), the same reader of the event store with its gap-aware tokens, and, per segment of
 * the processor, the segment's events of a page in one unit of work and transaction with the segment's token. The
 * segments are written in parallel, as the processor's work packages are. A node that dies mid-rebuild thus leaves
 * tokens that match the rows, and whichever node claims the segments next carries on from there.
 *
 * <p>Only one node rebuilds: it claims every segment of the processor first (a segment claimed by another node
 * refuses the rebuild), and each page's token writes renew the claims.
 */
final class BulkRebuild {

    private static final Logger log = LoggerFactory.getLogger(BulkRebuild.class);

    /** Pages the reader may be ahead of the handlers: reading and deserializing overlap with handling. */
    private static final int PAGES_AHEAD = 2;

    private final StreamingEventProcessor processor;
    private final EventHandlerInvoker handlers;
    private final TokenStore tokens;
    private final TransactionManager transactions;
    private final EventReader events;
    private final int pageSize;
    private final Segment[] segments;
    private final AtomicLong reached = new AtomicLong(-1);

    private BulkRebuild(StreamingEventProcessor processor, TokenStore tokens, TransactionManager transactions,
                        EventReader events, int pageSize, Segment[] segments) {
        this.processor = processor;
        this.handlers = ((AbstractEventProcessor) processor).eventHandlerInvoker();
        this.tokens = tokens;
        this.transactions = transactions;
        this.events = events;
        this.pageSize = pageSize;
        this.segments = segments;
    }

    /**
     * Stops the processor on this node, claims all its segments, empties the read model (its reset handlers and dead
     * letters, as a processor's reset does) and sets every token to the start. In one transaction; on H2, where the
     * reset handlers truncate and a TRUNCATE commits, the tokens are committed first with the reset's mark
     * ({@link PendingResets}), and the mark goes when the tables are empty.
     *
     * @throws UnableToClaimTokenException when another node holds a segment; the processor is started again
     */
    static BulkRebuild begin(StreamingEventProcessor processor, TokenStore tokens, TransactionManager transactions,
                             EventReader events, TrackingToken start, int pageSize, PendingResets resets,
                             Instant now) {
        String name = processor.getName();
        boolean marked = resets.truncateCommits();
        processor.shutDown();
        BulkRebuild rebuild;
        try {
            rebuild = transactions.fetchInTransaction(() -> {
                BulkRebuild claimed = new BulkRebuild(processor, tokens, transactions, events, pageSize,
                        Segment.computeSegments(claimAll(tokens, name)));
                if (marked) {
                    resets.mark(name, now);
                } else {
                    claimed.handlers.performReset();
                }
                claimed.storeTokens(start);
                return claimed;
            });
        } catch (RuntimeException e) {
            processor.start();
            throw e;
        }
        if (marked) {
            // the tokens are at the start and the mark is committed: from here a failure leaves the processor stopped,
            // and the next start (or the next rebuild) finishes emptying before anything is handled
            transactions.executeInTransaction(() -> {
                rebuild.handlers.performReset();
                resets.clear(name);
            });
        }
        rebuild.reached.set(start == null ? -1 : start.position().orElse(-1));
        return rebuild;
    }

    /**
     * Finishes the reset of a read model whose rebuild was interrupted while emptying it (its mark is still there):
     * with the processor stopped and its segments claimed, sets every token to the start again, empties the read model
     * with its dead letters, and removes the mark; then starts the processor if it ran, and it replays from the start.
     * Meant for a start before the processors run; should one have run already, on tables emptied by half, what it
     * wrote is emptied with them.
     */
    static void finishReset(StreamingEventProcessor processor, TokenStore tokens, TransactionManager transactions,
                            TrackingToken start, PendingResets resets) {
        String name = processor.getName();
        boolean running = processor.isRunning();
        processor.shutDown();
        try {
            transactions.executeInTransaction(() -> {
                for (int segment : claimAll(tokens, name)) {
                    tokens.storeToken(start, name, segment);
                }
                ((AbstractEventProcessor) processor).eventHandlerInvoker().performReset();
                resets.clear(name);
            });
        } finally {
            if (running) {
                processor.start();
            }
        }
    }

    /** Claims every segment of the processor, in the caller's transaction; the segments. */
    private static int[] claimAll(TokenStore tokens, String name) {
        int[] segments = tokens.fetchSegments(name);
        if (segments.length == 0) {
            throw new UnableToClaimTokenException("the processor has no segments yet: it has never run");
        }
        for (int segment : segments) {
            tokens.fetchToken(name, segment);
        }
        return segments;
    }

    /** The global position the rebuild has written up to. */
    long reached() {
        return reached.get();
    }

    int segments() {
        return segments.length;
    }

    /**
     * Hands the events to the read model a page at a time until the store has no more, then releases the segments
     * and starts the processor, which handles what was appended meanwhile (and events that fill gaps below the
     * position, which its token keeps). When a page cannot be written (an outage, a claim lost), the rebuild stops
     * there and the processor carries on from the last page written, with its own retries.
     *
     * @return the token handed over
     */
    TrackingToken run(TrackingToken start) {
        TrackingToken position = start;
        BlockingQueue<Page> pages = new ArrayBlockingQueue<>(PAGES_AHEAD);
        Thread reader = Thread.ofPlatform().daemon().name("rebuild-reader-" + processor.getName())
                .start(() -> read(start, pages));
        AtomicInteger threads = new AtomicInteger();
        // a thread per segment, as the processor has: a part waiting on the database leaves the cores to another
        ExecutorService writers = Executors.newFixedThreadPool(segments.length,
                task -> Thread.ofPlatform().daemon()
                        .name("rebuild-" + processor.getName() + "-" + threads.incrementAndGet()).unstarted(task));
        try {
            for (Page page = pages.take(); !page.last(); page = pages.take()) {
                if (page.failure() != null) {
                    throw page.failure();
                }
                write(page.events(), writers);
                position = page.events().get(page.events().size() - 1).trackingToken();
                reached.set(position.position().orElse(reached.get()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("The rebuild of {} was interrupted at position {}; its processor carries on from there",
                    processor.getName(), reached.get());
        } catch (RuntimeException e) {
            log.error("The rebuild of {} stopped at position {}; its processor carries on from there",
                    processor.getName(), reached.get(), e);
            throw e;
        } finally {
            reader.interrupt();
            // waits for a part still being written, so that the processor starts after it
            writers.close();
            handOver();
        }
        return position;
    }

    /** A page of events in global order; the last page is empty, or carries why reading failed. */
    private record Page(List<TrackedEventMessage<?>> events, RuntimeException failure) {

        boolean last() {
            return events.isEmpty() && failure == null;
        }
    }

    /**
     * Reads pages, each event's payload and metadata deserialized here so that it overlaps with the handling of the
     * page before. The reader's tokens follow the event table as a processor's do: the next page starts after the
     * last event's token, gaps included.
     */
    private void read(TrackingToken start, BlockingQueue<Page> pages) {
        try {
            TrackingToken after = start;
            List<TrackedEventMessage<?>> page = new ArrayList<>(pageSize);
            while (true) {
                boolean any = false;
                try (Stream<? extends TrackedEventMessage<?>> stream = events.after(after)) {
                    Iterator<? extends TrackedEventMessage<?>> read = stream.iterator();
                    while (read.hasNext()) {
                        TrackedEventMessage<?> event = read.next();
                        any = true;
                        event.getPayload();
                        event.getMetaData();
                        page.add(event);
                        after = event.trackingToken();
                        if (page.size() == pageSize) {
                            pages.put(new Page(page, null));
                            page = new ArrayList<>(pageSize);
                        }
                    }
                }
                // the reader's stream ends where the store ended when it was asked; ask again until nothing is new
                if (!any) {
                    break;
                }
            }
            if (!page.isEmpty()) {
                pages.put(new Page(page, null));
            }
            pages.put(new Page(List.of(), null));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            try {
                pages.put(new Page(List.of(), e));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * One page, split by the processor's segments (by conversation) and written segment by segment in parallel,
     * as the processor's work packages write their batches. Returns when every segment's part is written; throws the
     * first failure once none is still writing.
     */
    private void write(List<TrackedEventMessage<?>> page, ExecutorService writers) throws InterruptedException {
        List<Future<?>> parts = new ArrayList<>();
        for (Segment segment : segments) {
            parts.add(writers.submit(() -> write(page, segment)));
        }
        RuntimeException failure = null;
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (ExecutionException e) {
                if (failure == null) {
                    failure = e.getCause() instanceof RuntimeException runtime ? runtime
                            : new IllegalStateException("A page of events could not be handled", e.getCause());
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The segment's events of a page in one {@link BatchingUnitOfWork} and transaction, as a processor's batch: the
     * read models open their batch's work on its first event and write it before the commit (adr/0009), and the
     * token of the page's last event is written for the segment in the same transaction.
     */
    private void write(List<TrackedEventMessage<?>> page, Segment segment) {
        TrackingToken last = page.get(page.size() - 1).trackingToken();
        List<TrackedEventMessage<?>> events = page.stream().filter(event -> handlers.canHandle(event, segment))
                .toList();
        if (events.isEmpty()) {
            transactions.executeInTransaction(() -> storeToken(last, segment));
            return;
        }
        BatchingUnitOfWork<TrackedEventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(events);
        unitOfWork.attachTransaction(transactions);
        unitOfWork.onPrepareCommit(committing -> storeToken(last, segment));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> event = unitOfWork.getMessage();
            handlers.handle(event, segment);
            return null;
        }, RollbackConfigurationType.ANY_THROWABLE);
        if (result.isExceptional()) {
            Throwable failure = result.exceptionResult();
            throw failure instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("A page of events could not be handled", failure);
        }
    }

    /** Writes the token on every segment: each has seen every event up to it. Renews the claims. */
    private void storeTokens(TrackingToken token) {
        for (Segment segment : segments) {
            storeToken(token, segment);
        }
    }

    /** Writes the segment's token, which renews its claim. */
    private void storeToken(TrackingToken token, Segment segment) {
        tokens.storeToken(token, processor.getName(), segment.getSegmentId());
    }

    /** Releases the segments and starts the processor, which claims them again and continues from their token. */
    private void handOver() {
        try {
            transactions.executeInTransaction(() -> {
                for (Segment segment : segments) {
                    handlers.segmentReleased(segment);
                    tokens.releaseClaim(processor.getName(), segment.getSegmentId());
                }
            });
        } catch (RuntimeException e) {
            // the claims time out and the processor claims them then
            log.warn("Could not release the segments of {} after its rebuild", processor.getName(), e);
        } finally {
            processor.start();
        }
    }
}
