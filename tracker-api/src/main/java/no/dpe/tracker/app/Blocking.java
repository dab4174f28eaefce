package no.dpe.tracker.app;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import no.dpe.tracker.app.actor.Caller;
import no.dpe.tracker.core.api.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the blocking work of HTTP requests (JDBC, Axon's synchronous command bus, password checks, multipart files
 * going to disk) off the event loop, on threads of the tracker's own that take the work in the order it came.
 *
 * <p>Not on Reactor's shared {@code boundedElastic}: the Azure SDK runs its receivers' handlers there, and those block
 * for as long as a message takes to record, or hold it through an outage for up to 30 s between tries. When every one
 * of that pool's threads is busy it queues new work behind one particular busy thread, however long that one stays
 * busy, so a request could wait 30 s behind a Service Bus handler while other threads were free. Here the work waits
 * in one queue for the first free thread, and when the queue is full the request is refused with a 503 at once
 * instead of waiting without end (adr/0020-request-threads.md).
 *
 * <p>A request whose client goes away is not interrupted: its work runs to its end (interrupting a thread inside H2
 * closes its database file, and a half-done rebuild would only have to start again).
 */
@Component
public final class Blocking implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Blocking.class);
    private static final Duration IDLE = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_PATIENCE = Duration.ofSeconds(30);

    private final ThreadPoolExecutor threads;
    private final Scheduler scheduler;

    Blocking(RequestThreadsProperties properties) {
        AtomicInteger made = new AtomicInteger();
        this.threads = new ThreadPoolExecutor(properties.threads(), properties.threads(), IDLE.toSeconds(),
                TimeUnit.SECONDS, new ArrayBlockingQueue<>(properties.queue()), runnable -> {
                    Thread thread = new Thread(runnable, "request-" + made.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.AbortPolicy());
        this.threads.allowCoreThreadTimeOut(true);
        // as a plain Executor: Reactor interrupts a cancelled task's thread when it is given an ExecutorService
        this.scheduler = Schedulers.fromExecutor(threads::execute);
    }

    /**
     * {@code work} on a request thread, as the request's authenticated caller (so the commands it sends say who sent
     * them, ADR 0016). Fails with a {@link java.util.concurrent.RejectedExecutionException} when the queue is full.
     */
    public <T> Mono<T> call(Callable<T> work) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> Caller.of(context.getAuthentication()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> Mono.fromCallable(() -> run(caller, work)).subscribeOn(scheduler));
    }

    /** The request threads as a Reactor scheduler, for blocking work that a framework does for a request. */
    public Scheduler scheduler() {
        return scheduler;
    }

    /** Takes no more work, and lets the work already taken finish for a while. */
    @Override
    public void destroy() throws InterruptedException {
        threads.shutdown();
        if (!threads.awaitTermination(SHUTDOWN_PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            log.warn("{} requests' work still running {} after shutdown began; leaving it", threads.getActiveCount(),
                    SHUTDOWN_PATIENCE);
        }
    }

    private static <T> T run(Optional<Actor> caller, Callable<T> work) throws Exception {
        return caller.isPresent() ? Caller.as(caller.get(), work) : work.call();
    }
}
