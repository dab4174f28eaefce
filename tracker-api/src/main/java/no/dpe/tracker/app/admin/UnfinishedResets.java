package no.dpe.tracker.app.admin;

import java.util.List;

import no.dpe.tracker.projections.PendingResets;
import no.dpe.tracker.projections.rebuild.Projections;
import org.axonframework.lifecycle.Phase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * At start, just before the event processors: finishes emptying the read models whose rebuild stopped with the
 * process while it emptied them ({@link PendingResets}), so that no processor handles an event onto tables emptied
 * by half. Each of them then replays from the start.
 */
class UnfinishedResets implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(UnfinishedResets.class);

    private final Projections projections;
    private volatile boolean running;

    UnfinishedResets(Projections projections) {
        this.projections = projections;
    }

    @Override
    public void start() {
        List<String> finished = projections.finishPendingResets();
        for (String name : finished) {
            log.warn("The rebuild of read model {} stopped while it emptied its tables: they are emptied now, and its "
                    + "processor replays it from the first event", name);
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Axon starts its event processors in this phase. */
    @Override
    public int getPhase() {
        return Phase.INBOUND_EVENT_CONNECTORS - 1;
    }
}
