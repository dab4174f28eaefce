package no.dpe.tracker.app.metrics;

import no.dpe.tracker.gateway.inbound.InboundReceiver;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN while the receivers of our queues are not all running (stopped, or the SDK gave up on them). */
public class ServiceBusHealth implements HealthIndicator {

    private final InboundReceiver receiver;

    public ServiceBusHealth(InboundReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public Health health() {
        return receiver.isRunning()
                ? Health.up().withDetail("receivers", "running").build()
                : Health.down().withDetail("receivers", "not all running").build();
    }
}
