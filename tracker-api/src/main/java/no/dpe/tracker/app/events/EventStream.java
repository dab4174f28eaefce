package no.dpe.tracker.app.events;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import no.dpe.tracker.app.eventstore.EventPosition;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SynchronousSink;
import reactor.core.scheduler.Schedulers;

/**
 * Streams the event store to one subscriber as server-sent events. Axon's event stream is blocking, so each
 * subscriber reads it on a thread of its own: parked readers on a shared pool would starve the API's other
 * blocking work. The stream is read only as fast as the client takes events, and closed when it goes away.
 */
public class EventStream {

    /** How often an idle stream sends a comment, so that a client that went away is noticed. */
    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final int SLICE_MILLIS = 500;
    /** How long a client's EventSource waits before it reconnects (with Last-Event-ID). */
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final EventStore eventStore;
    private final MessageEvents events;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger readers = new AtomicInteger();

    EventStream(EventStore eventStore, MessageEvents events) {
        this.eventStore = eventStore;
        this.events = events;
    }

    /** Every event from now on: for a reader that wants to know what changed as it changes (the console). */
    public Flux<ServerSentEvent<String>> fromNow() {
        return after(eventStore::createHeadToken, MessageEventFilter.ALL);
    }

    /**
     * The events after a position that pass {@code filter}.
     *
     * @param after gives the position on the reader's thread (it may query the store): one that
     *              {@link EventPosition#parse} read, the store's head for "from now", or null for the first event
     */
    Flux<ServerSentEvent<String>> after(Supplier<TrackingToken> after, MessageEventFilter filter) {
        return Flux.defer(() -> {
            ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
                Thread reader = new Thread(runnable, "sse-events-" + readers.incrementAndGet());
                reader.setDaemon(true);
                return reader;
            });
            AtomicBoolean cancelled = new AtomicBoolean();
            return Flux.<ServerSentEvent<String>, BlockingStream<TrackedEventMessage<?>>>generate(
                            () -> {
                                BlockingStream<TrackedEventMessage<?>> stream = eventStore.openStream(after.get());
                                open.incrementAndGet();
                                return stream;
                            },
                            (stream, sink) -> {
                                next(stream, sink, filter, cancelled);
                                return stream;
                            },
                            stream -> {
                                stream.close();
                                open.decrementAndGet();
                            })
                    .subscribeOn(Schedulers.fromExecutorService(thread))
                    // sent at once, so the client has the response headers before the first event
                    .startWith(ServerSentEvent.<String>builder().comment("open").retry(RETRY).build())
                    .doOnCancel(() -> cancelled.set(true))
                    // shutdown, not shutdownNow: interrupting a thread inside H2 closes its database file
                    .doFinally(signal -> thread.shutdown());
        });
    }

    /** Streams open now; for tests that check a stream is closed when its client goes away. */
    int open() {
        return open.get();
    }

    /** Emits the next matching event, or a heartbeat comment when none came for a while. */
    private void next(BlockingStream<TrackedEventMessage<?>> stream, SynchronousSink<ServerSentEvent<String>> sink,
                      MessageEventFilter filter, AtomicBoolean cancelled) {
        long heartbeatAt = System.nanoTime() + HEARTBEAT.toNanos();
        try {
            while (!cancelled.get() && System.nanoTime() < heartbeatAt) {
                if (!stream.hasNextAvailable(SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                TrackedEventMessage<?> message = stream.nextAvailable();
                Optional<MessageEvent> event = events.of(message)
                        .filter(filter::matches);
                if (event.isPresent()) {
                    sink.next(ServerSentEvent.<String>builder()
                            .id(EventPosition.id(message.trackingToken()))
                            .data(MessageEvents.json(event.get()))
                            .build());
                    return;
                }
            }
            if (cancelled.get()) {
                sink.complete();
            } else {
                sink.next(ServerSentEvent.<String>builder().comment("keep-alive").build());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            sink.complete();
        }
    }
}
