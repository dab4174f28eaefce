package no.dpe.tracker.app.webhook;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How webhooks are delivered, bound from {@code dpe.tracker.webhooks.*}; defaults and documentation live in
 * {@code application.yml}.
 *
 * @param pollInterval   how often the delivery worker looks for due deliveries
 * @param firstRetry     the wait after the first failed attempt; it doubles with each further failure
 * @param maxRetry       the longest wait between two attempts
 * @param maxAttempts    attempts before a delivery is given up (kept as FAILED)
 * @param requestTimeout how long one POST may take
 * @param allowedHosts   hosts that webhooks may go to although they are inside a network (see {@link PushEndpoints})
 */
@ConfigurationProperties(prefix = "dpe.tracker.webhooks")
public record WebhookProperties(Duration pollInterval, Duration firstRetry, Duration maxRetry, int maxAttempts,
                                Duration requestTimeout, List<String> allowedHosts) {

    public WebhookProperties {
        allowedHosts = allowedHosts == null ? List.of()
                : allowedHosts.stream().filter(host -> host != null && !host.isBlank()).map(String::trim).toList();
        positive(pollInterval, "poll-interval");
        positive(firstRetry, "first-retry");
        positive(maxRetry, "max-retry");
        positive(requestTimeout, "request-timeout");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("dpe.tracker.webhooks.max-attempts must be at least 1, was " + maxAttempts);
        }
    }

    /** The wait after {@code failures} failed attempts: first-retry doubled each time, at most max-retry. */
    Duration backoff(int failures) {
        Duration wait = firstRetry;
        for (int i = 1; i < failures && wait.compareTo(maxRetry) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, "dpe.tracker.webhooks." + name + " must be set");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("dpe.tracker.webhooks." + name + " must be positive, was " + value);
        }
    }
}
