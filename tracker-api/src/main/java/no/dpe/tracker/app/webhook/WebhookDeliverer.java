package no.dpe.tracker.app.webhook;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import no.dpe.tracker.app.Poller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * POSTs the due deliveries of the outbox to their subscribers. A 2xx answer removes a delivery; anything
 * else (another status, a refused connection, a timeout) schedules another attempt after a wait that doubles
 * each time, until {@code max-attempts} is reached and the delivery is kept as FAILED. At least once: a
 * subscriber that answered 2xx but whose answer was lost gets the event again, and recognises it by its
 * {@code position}. Attempts for one subscriber are not ordered: the position orders them.
 */
class WebhookDeliverer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliverer.class);
    private static final int BATCH = 50;

    private final WebhookDeliveries deliveries;
    private final WebhookProperties properties;
    private final PushEndpoints endpoints;
    private final Clock clock;
    private final HttpClient http;
    private Poller poller;

    WebhookDeliverer(WebhookDeliveries deliveries, WebhookProperties properties, PushEndpoints endpoints,
                     Clock clock) {
        this.deliveries = deliveries;
        this.properties = properties;
        this.endpoints = endpoints;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(properties.requestTimeout()).build();
    }

    /** Makes every delivery that is due now; returns how many it attempted. */
    int deliverDue() {
        int attempted = 0;
        List<WebhookDeliveries.Delivery> due;
        do {
            Instant now = clock.instant();
            due = deliveries.due(now, BATCH);
            // the hold outlasts an attempt, so a delivery in flight is not taken by another node
            List<CompletableFuture<Void>> attempts = due.stream()
                    .filter(delivery -> deliveries.claim(delivery, now, properties.requestTimeout().multipliedBy(3)))
                    .map(this::attempt)
                    .toList();
            attempts.forEach(CompletableFuture::join);
            attempted += attempts.size();
        } while (due.size() == BATCH);
        return attempted;
    }

    private CompletableFuture<Void> attempt(WebhookDeliveries.Delivery delivery) {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(delivery.pushEndpoint()))
                    .timeout(properties.requestTimeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(delivery.payload()))
                    .build();
        } catch (IllegalArgumentException e) {
            failed(delivery, "not a URL we can POST to: " + e.getMessage());
            return CompletableFuture.completedFuture(null);
        }
        Optional<String> refusal = endpoints.refusal(request.uri());
        if (refusal.isPresent()) {
            failed(delivery, "not POSTed: " + refusal.get());
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> {
                    if (error == null && response.statusCode() / 100 == 2) {
                        deliveries.delivered(delivery);
                    } else {
                        failed(delivery, error != null ? error.toString() : "HTTP " + response.statusCode());
                    }
                    return null;
                });
    }

    private void failed(WebhookDeliveries.Delivery delivery, String error) {
        int failures = delivery.attempts() + 1;
        if (failures >= properties.maxAttempts()) {
            log.warn("Gave up delivering webhook {} to {} after {} attempts: {}", delivery.id(),
                    delivery.pushEndpoint(), failures, error);
            deliveries.givenUp(delivery, error);
        } else {
            log.info("Webhook {} to {} failed ({}); attempt {} follows in {}", delivery.id(), delivery.pushEndpoint(),
                    error, failures + 1, properties.backoff(failures));
            deliveries.retryAt(delivery, clock.instant().plus(properties.backoff(failures)), error);
        }
    }

    @Override
    public synchronized void start() {
        poller = Poller.start("webhook-deliverer", properties.pollInterval(), this::poll);
    }

    private void poll() {
        try {
            deliverDue();
        } catch (RuntimeException e) {
            log.warn("Webhook delivery poll failed; trying again in {}", properties.pollInterval(), e);
        }
    }

    @Override
    public synchronized void stop() {
        if (poller != null) {
            poller.stop(properties.requestTimeout().multipliedBy(2));
            poller = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return poller != null;
    }

    /** Start after Axon and the database, stop before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }
}
