package no.dpe.tracker.app.transport;

import no.dpe.tracker.gateway.inbound.InboundReceiver;
import no.dpe.tracker.gateway.standin.EinnsynStandIn;
import org.springframework.context.SmartLifecycle;

/**
 * Starts receiving from Service Bus once the application (Axon included) is up, and stops before it goes
 * down, so no message is taken that cannot be recorded.
 */
class InboundLifecycle implements SmartLifecycle {

    private final InboundReceiver receiver;
    private final EinnsynStandIn standIn;
    private volatile boolean running;

    InboundLifecycle(InboundReceiver receiver, EinnsynStandIn standIn) {
        this.receiver = receiver;
        this.standIn = standIn;
    }

    @Override
    public void start() {
        receiver.start();
        if (standIn != null) {
            standIn.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.stop();
        }
        receiver.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 200;
    }
}
