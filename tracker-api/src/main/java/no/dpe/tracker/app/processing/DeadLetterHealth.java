package no.dpe.tracker.app.processing;

import java.util.Map;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Health is {@value #WARNING} while any processor has dead letters: the tracker works, but some conversations are
 * parked until an administrator retries or evicts them ({@code /api/admin/dead-letters}).
 */
class DeadLetterHealth implements HealthIndicator {

    static final String WARNING = "WARNING";

    private final DeadLetters deadLetters;

    DeadLetterHealth(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @Override
    public Health health() {
        Map<String, Long> counts = deadLetters.counts();
        if (counts.isEmpty()) {
            return Health.up().build();
        }
        return Health.status(new Status(WARNING, "Events are parked as dead letters; see /api/admin/dead-letters"))
                .withDetails(counts)
                .build();
    }
}
