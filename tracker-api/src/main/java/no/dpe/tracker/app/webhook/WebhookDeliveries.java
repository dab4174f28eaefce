package no.dpe.tracker.app.webhook;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;

import static no.dpe.tracker.projections.Sql.utc;

/** The outbox of webhook deliveries ({@code webhook_delivery}, V31). Each statement commits on its own. */
class WebhookDeliveries {

    static final String PENDING = "PENDING";
    static final String FAILED = "FAILED";

    private final JdbcTemplate jdbc;

    WebhookDeliveries(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One delivery to make: the JSON to POST and where to. */
    record Delivery(long id, int attempts, String pushEndpoint, String payload) {
    }

    /** Pending deliveries whose time has come, oldest first. */
    List<Delivery> due(Instant now, int limit) {
        return jdbc.query("SELECT d.id, d.attempts, s.push_endpoint, d.payload FROM webhook_delivery d "
                        + "JOIN webhook_subscription s ON s.id = d.subscription_id "
                        + "WHERE d.state = ? AND d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?",
                (rs, i) -> new Delivery(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getString(4)),
                PENDING, utc(now), limit);
    }

    /**
     * Takes a due delivery for {@code hold}, the time one attempt may take: no other node picks it up meanwhile,
     * and if this one dies it is due again afterwards. True if this caller won it.
     */
    boolean claim(Delivery delivery, Instant now, Duration hold) {
        return jdbc.update("UPDATE webhook_delivery SET next_attempt_at = ? "
                        + "WHERE id = ? AND state = ? AND next_attempt_at <= ?",
                utc(now.plus(hold)), delivery.id(), PENDING, utc(now)) == 1;
    }

    void delivered(Delivery delivery) {
        jdbc.update("DELETE FROM webhook_delivery WHERE id = ?", delivery.id());
    }

    void retryAt(Delivery delivery, Instant next, String error) {
        jdbc.update("UPDATE webhook_delivery SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ?",
                delivery.attempts() + 1, utc(next), truncate(error), delivery.id());
    }

    void givenUp(Delivery delivery, String error) {
        jdbc.update("UPDATE webhook_delivery SET attempts = ?, state = ?, last_error = ? WHERE id = ?",
                delivery.attempts() + 1, FAILED, truncate(error), delivery.id());
    }

    private static String truncate(String error) {
        return error.length() <= 1000 ? error : error.substring(0, 1000);
    }
}
