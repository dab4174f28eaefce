package no.dpe.tracker.app.webhook;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import no.dpe.tracker.app.events.MessageEventFilter;
import no.dpe.tracker.app.problem.ClientError;
import no.dpe.tracker.core.sbd.Violation;
import no.dpe.tracker.projections.Page;
import no.dpe.tracker.projections.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/** The webhook subscriptions ({@code webhook_subscription}, V31). */
class Subscriptions {

    private static final Set<String> RESOURCES = Set.of("messages", Subscription.ALL);
    private static final Set<String> EVENTS = Set.of("status", Subscription.ALL);
    private static final String COLUMNS = "id, name, push_endpoint, resource, event_type, event_filter, created_at";

    private final JdbcTemplate jdbc;
    private final PushEndpoints endpoints;
    private final Clock clock;

    Subscriptions(JdbcTemplate jdbc, PushEndpoints endpoints, Clock clock) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /** What a client posts to subscribe; every field is checked before anything is stored. */
    record Request(String name, String pushEndpoint, String resource, String event, String filter) {
    }

    Subscription create(Request request) {
        List<Violation> violations = violations(request);
        if (!violations.isEmpty()) {
            throw ClientError.invalid("The subscription has " + violations.size() + " violation(s)", violations);
        }
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        GeneratedKeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            var insert = connection.prepareStatement("INSERT INTO webhook_subscription (name, push_endpoint, "
                    + "resource, event_type, event_filter, created_at) VALUES (?, ?, ?, ?, ?, ?)", new String[]{"id"});
            insert.setString(1, request.name());
            insert.setString(2, request.pushEndpoint());
            insert.setString(3, request.resource());
            insert.setString(4, request.event());
            insert.setString(5, request.filter() == null || request.filter().isBlank() ? null : request.filter());
            insert.setObject(6, now);
            return insert;
        }, key);
        return find(key.getKey().longValue()).orElseThrow();
    }

    Optional<Subscription> find(long id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_subscription WHERE id = ?", Subscriptions::row, id)
                .stream().findFirst();
    }

    List<Subscription> all() {
        return jdbc.query("SELECT " + COLUMNS + " FROM webhook_subscription ORDER BY id", Subscriptions::row);
    }

    Page<Subscription> page(int page, int size) {
        List<Subscription> content = jdbc.query("SELECT " + COLUMNS + " FROM webhook_subscription ORDER BY id "
                + "LIMIT ? OFFSET ?", Subscriptions::row, size, (long) page * size);
        return Page.counted(content, size, page, () -> Sql.count(jdbc, "SELECT COUNT(*) FROM webhook_subscription"));
    }

    /** Removes the subscription and its deliveries not made yet; true if it existed. */
    boolean delete(long id) {
        return jdbc.update("DELETE FROM webhook_subscription WHERE id = ?", id) == 1;
    }

    private List<Violation> violations(Request request) {
        List<Violation> violations = new ArrayList<>();
        if (request.name() == null || request.name().isBlank() || request.name().length() > 255) {
            violations.add(new Violation("name", "required", "name is required, at most 255 characters"));
        }
        if (!isHttpUrl(request.pushEndpoint())) {
            violations.add(new Violation("pushEndpoint", "http-url",
                    "pushEndpoint must be an absolute http or https URL, at most 2000 characters"));
        } else {
            endpoints.refusal(URI.create(request.pushEndpoint())).ifPresent(why -> violations.add(new Violation(
                    "pushEndpoint", "outside-our-network", "pushEndpoint may not be used: " + why)));
        }
        if (request.resource() == null || !RESOURCES.contains(request.resource())) {
            violations.add(new Violation("resource", "one-of", "resource must be one of " + RESOURCES));
        }
        if (request.event() == null || !EVENTS.contains(request.event())) {
            violations.add(new Violation("event", "one-of", "event must be one of " + EVENTS));
        }
        if (request.filter() != null && request.filter().length() > 2000) {
            violations.add(new Violation("filter", "max-length", "filter is at most 2000 characters"));
        } else {
            try {
                MessageEventFilter.parse(request.filter());
            } catch (IllegalArgumentException e) {
                violations.add(new Violation("filter", "filter", "filter: " + e.getMessage()));
            }
        }
        return violations;
    }

    private static boolean isHttpUrl(String value) {
        if (value == null || value.length() > 2000) {
            return false;
        }
        try {
            URI uri = new URI(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Subscription row(ResultSet rs, int rowNum) throws SQLException {
        return new Subscription(rs.getLong("id"), rs.getString("name"), rs.getString("push_endpoint"),
                rs.getString("resource"), rs.getString("event_type"), rs.getString("event_filter"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
