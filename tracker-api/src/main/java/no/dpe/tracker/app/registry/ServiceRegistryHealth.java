package no.dpe.tracker.app.registry;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The service registry as the last calls found it; it is not asked for the sake of health. While it cannot be
 * asked, health is {@code WARNING} (HTTP 200): receivers already known are still sent to from the cache, a new one
 * waits.
 */
class ServiceRegistryHealth implements HealthIndicator {

    private final HttpServiceRegistry registry;

    ServiceRegistryHealth(HttpServiceRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        HttpServiceRegistry.Calls calls = registry.calls();
        if (calls.failingNow()) {
            return Health.status(new Status("WARNING", "The service registry cannot be asked; known receivers are "
                            + "sent to from the cache, new ones wait"))
                    .withDetail("lastFailureAt", calls.lastFailureAt().toString())
                    .withDetail("lastFailure", calls.lastFailure())
                    .withDetail("lastAnswerAt", String.valueOf(calls.lastAnswerAt()))
                    .build();
        }
        return Health.up().withDetail("lastAnswerAt", calls.lastAnswerAt() == null ? "not asked yet"
                : calls.lastAnswerAt().toString()).build();
    }
}
