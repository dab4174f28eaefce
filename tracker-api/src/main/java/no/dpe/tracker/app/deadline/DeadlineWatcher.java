package no.dpe.tracker.app.deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import no.dpe.tracker.core.api.ExpireMessageCommand;
import no.dpe.tracker.projections.message.DueDeadline;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Expires messages whose deadline has passed (ADR 0003). The open deadlines are a column of the message
 * index, written in the same transaction as the events, so they survive a restart and every node sees
 * them; this watcher polls for the due ones and sends {@link ExpireMessageCommand}. Of several nodes, only
 * the one holding the {@code deadline-watcher} lease polls, so a deadline fires on one node; the command is
 * idempotent besides, so even a lease handed over mid-poll records one LEVETID_UTLOPT.
 */
public class DeadlineWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DeadlineWatcher.class);
    private static final int BATCH = 200;

    private final MessageIndex index;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration pollInterval;
    private final Lease lease;
    private ScheduledExecutorService executor;

    DeadlineWatcher(MessageIndex index, CommandGateway commands, Clock clock, Duration pollInterval, Lease lease) {
        this.index = index;
        this.commands = commands;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
    }

    /** Expires every message that is due now; returns how many it expired or found already settled. */
    public int expireDue() {
        int handled = 0;
        List<DueDeadline> due;
        do {
            due = index.dueDeadlines(clock.instant(), BATCH);
            for (DueDeadline deadline : due) {
                try {
                    commands.sendAndWait(new ExpireMessageCommand(deadline.conversationId(), deadline.messageId(),
                            deadline.direction(), deadline.deadline()));
                    handled++;
                } catch (RuntimeException e) {
                    // leave the row open: the next poll tries again
                    log.warn("Could not expire message {} of conversation {}: {}", deadline.messageId(),
                            deadline.conversationId(), e.toString());
                    return handled;
                }
            }
        } while (due.size() == BATCH);
        return handled;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "deadline-watcher");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::poll, 0, pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void poll() {
        try {
            if (!lease.acquire()) {
                return;
            }
            int expired = expireDue();
            if (expired > 0) {
                log.info("Expired {} message(s) whose deadline had passed", expired);
            }
        } catch (RuntimeException e) {
            log.warn("Deadline poll failed; trying again in {}", pollInterval, e);
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            // shutdown, not shutdownNow: interrupting a thread inside H2 closes its database file
            executor.shutdown();
            try {
                executor.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
            lease.release();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    /** Start after Axon (whose lifecycle phases are far below this) and stop before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
