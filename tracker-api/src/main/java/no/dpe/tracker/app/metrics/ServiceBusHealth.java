package no.dpe.tracker.app.metrics;

import java.util.Map;

import no.dpe.tracker.gateway.inbound.InboundReceiver;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/** DOWN while the receivers of our queues are not all running (stopped, or the SDK gave up on them); each queue's. */
public class ServiceBusHealth implements HealthIndicator {

    private final InboundReceiver receiver;

    public ServiceBusHealth(InboundReceiver receiver) {
        this.receiver = receiver;
    }

    @Override
    public Health health() {
        Map<String, Boolean> running = receiver.runningByQueue();
        Health.Builder health = running.values().stream().allMatch(Boolean::booleanValue) ? Health.up() : Health.down();
        running.forEach((queue, up) -> health.withDetail(queue, up ? "receiving" : "not receiving"));
        return health.build();
    }
}
