package no.dpe.tracker.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Work done again and again on one daemon thread of its own: the first run at once, the next {@code interval} after
 * each run ends. A run that throws is logged and the next one comes as usual. Stopped without interrupting a run in
 * progress: interrupting a thread inside H2 closes its database file.
 */
public final class Poller {

    private static final Logger log = LoggerFactory.getLogger(Poller.class);

    private final String name;
    private final ScheduledExecutorService executor;

    private Poller(String name, ScheduledExecutorService executor) {
        this.name = name;
        this.executor = executor;
    }

    public static Poller start(String name, Duration interval, Runnable work) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // a scheduled task that throws is never run again: the next run must still come
                log.warn("{} failed; trying again in {}", name, interval, e);
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return new Poller(name, executor);
    }

    /** Runs no more, and waits up to {@code patience} for a run in progress to end. */
    public void stop(Duration patience) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(patience.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("{} was still running {} after it was told to stop", name, patience);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
