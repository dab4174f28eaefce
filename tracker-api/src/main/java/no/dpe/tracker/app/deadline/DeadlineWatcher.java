package no.dpe.tracker.app.deadline;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import no.dpe.tracker.app.Poller;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.api.ExpireMessageCommand;
import no.dpe.tracker.projections.Outages;
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
    /** Who expires a message: the tracker's own clock, not any caller. */
    static final Actor ACTOR = Actor.tracker("deadline-watcher");

    private final MessageIndex index;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration pollInterval;
    private final Lease lease;
    private Poller poller;
    /** Deadlines whose failure has been logged: a deadline that keeps failing is logged once, not at every poll. */
    private final Set<DueDeadline> reported = ConcurrentHashMap.newKeySet();

    DeadlineWatcher(MessageIndex index, CommandGateway commands, Clock clock, Duration pollInterval, Lease lease) {
        this.index = index;
        this.commands = commands;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.lease = lease;
    }

    /**
     * Expires every message that is due now; returns how many it expired or found already settled. A deadline whose
     * command fails is left open for the next poll and passed over in this one, so it holds up no other; an outage
     * ends the poll.
     */
    public int expireDue() {
        int handled = 0;
        Set<DueDeadline> failed = new HashSet<>();
        boolean more = true;
        while (more) {
            int limit = BATCH + failed.size();
            List<DueDeadline> due = index.dueDeadlines(clock.instant(), limit);
            int tried = 0;
            for (DueDeadline deadline : due) {
                if (failed.contains(deadline)) {
                    continue;
                }
                tried++;
                try {
                    commands.sendAndWait(new ExpireMessageCommand(deadline.conversationId(), deadline.messageId(),
                            deadline.direction(), deadline.deadline()), ACTOR.metaData());
                    handled++;
                    reported.remove(deadline);
                } catch (RuntimeException e) {
                    if (Outages.isOutage(e)) {
                        // the database (or a clash): every other deadline would fail alike; the next poll tries
                        log.warn("Stopped expiring messages at {} of conversation {}; trying again at the next "
                                + "poll: {}", deadline.messageId(), deadline.conversationId(), e.toString());
                        return handled;
                    }
                    failed.add(deadline);
                    if (reported.add(deadline)) {
                        log.warn("Could not expire message {} of conversation {}; trying again at every poll: {}",
                                deadline.messageId(), deadline.conversationId(), e.toString());
                    } else {
                        log.debug("Still cannot expire message {}: {}", deadline.messageId(), e.toString());
                    }
                }
            }
            more = due.size() == limit && tried > 0;
        }
        return handled;
    }

    @Override
    public synchronized void start() {
        poller = Poller.start("deadline-watcher", pollInterval, this::poll);
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
        if (poller != null) {
            poller.stop(Duration.ofSeconds(10));
            poller = null;
            lease.release();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    /** Start after Axon (whose lifecycle phases are far below this) and stop before it. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
