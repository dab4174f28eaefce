package no.dpe.tracker.app.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.transport.Tracker;
import no.dpe.tracker.core.api.Direction;
import no.dpe.tracker.core.api.KvitteringRecordedEvent;
import no.dpe.tracker.core.api.MessageStatus;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import no.dpe.tracker.projections.message.MessageIndex;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The metrics an operator alerts on, scraped as Prometheus does after a publisering went the whole way on the
 * embedded default; and the dashboard and alert rules in docs/observability name only metrics that exist.
 */
class MetricsTest extends TrackerTest {

    static final Path DOCS = Path.of("..", "docs", "observability");

    @Autowired
    MessageIndex index;
    @Autowired
    EventStore events;
    @Autowired
    StoredState storedState;
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void only_an_admin_scrapes_the_metrics() {
        anonymous().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        as(User.FAGSYSTEM).get().uri("/actuator/prometheus").exchange().expectStatus().isForbidden();
        as(User.ADMIN).get().uri("/actuator/prometheus").exchange().expectStatus().isOk();
    }

    @Test
    void health_shows_an_admin_each_receiver_and_the_registry_and_anyone_else_only_the_status() {
        as(User.ADMIN).get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.serviceBus.details.nextbestqueue986252932innsyn").isEqualTo("receiving")
                .jsonPath("$.components.serviceRegistry.status").isEqualTo("UP")
                .jsonPath("$.components.db.status").isEqualTo("UP");
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components").doesNotExist();
    }

    @Test
    void a_delivered_publisering_shows_in_the_counts_the_delivery_times_and_the_transport() throws Exception {
        String conversationId = deliverAPublisering();

        String scrape = scrape();

        assertThat(scrape).contains("dpe_status_changes_total{direction=\"OUTGOING\",source=\"transport\",status=\"SENDT\"}")
                .contains("dpe_status_changes_total{direction=\"OUTGOING\",source=\"counterpart\",status=\"LEVERT\"}");
        assertThat(scrape).containsPattern(
                "dpe_delivery_time_seconds_count\\{counterpart=\"991825827\",process=\"JOURNALPOST\",stage=\"levert\"} [1-9]");
        assertThat(scrape).containsPattern(
                "dpe_delivery_time_seconds_count\\{counterpart=\"991825827\",process=\"JOURNALPOST\",stage=\"kvittering\"} [1-9]");
        assertThat(scrape).containsPattern("dpe_outbound_send_seconds_count\\{outcome=\"sent\"} [1-9]");
        assertThat(scrape).containsPattern("dpe_inbound_messages_total\\{outcome=\"recorded\",reason=\"none\"} [1-9]");
        assertThat(scrape).containsPattern("dpe_messages\\{direction=\"OUTGOING\",process=\"JOURNALPOST\",status=\"LEVERT\"} [1-9]");
        assertThat(scrape).contains("dpe_messages_stuck{stuck_for=\"PT1H\"}")
                .contains("dpe_processor_dead_letters{processor=\"message-state\"} 0.0")
                .contains("dpe_processor_lag_events{processor=\"status-feed\"}")
                .contains("dpe_processor_lag_seconds{processor=\"servicebus-outbound\"}");
        assertThat(conversationId).isNotBlank();
    }

    @Test
    void every_metric_the_dashboard_and_the_alert_rules_name_exists() throws Exception {
        deliverAPublisering();
        String scrape = scrape();

        Set<String> named = new TreeSet<>();
        for (String file : new String[] {"grafana-dashboard.json", "prometheus-alerts.yml"}) {
            Matcher metric = Pattern.compile("dpe_[a-z_]+").matcher(read(DOCS.resolve(file)));
            while (metric.find()) {
                named.add(metric.group());
            }
        }
        assertThat(named).as("metrics named in docs/observability").hasSizeGreaterThan(8);
        for (String metric : named) {
            assertThat(scrape).as(metric + " in the scrape").containsPattern("(?m)^" + metric + "[{ ]");
        }
    }

    /** The example publisering, sent and answered by eInnsyn's stand-in: LEVERT and the kvittering recorded. */
    private String deliverAPublisering() {
        Sbd sbd = fresh(Examples.PUBLISERING_JOURNALPOST);
        String messageId = sbd.messageId().orElseThrow();
        http.post().uri("/api/messages/out").contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.json().toString())
                .exchange().expectStatus().isOk();
        http.put().uri("/api/messages/out/{id}", messageId).contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; name=journalpost.json; filename=journalpost.json")
                .bodyValue("{\"tittel\": \"Vedtak\"}").exchange().expectStatus().isOk();
        http.post().uri("/api/messages/out/{id}", messageId).exchange().expectStatus().isOk();
        String conversationId = sbd.conversationId().orElseThrow();
        Tracker.await(() -> index.find(messageId, Direction.OUTGOING)
                .map(row -> row.status() == MessageStatus.LEVERT).orElse(false), "the publisering is LEVERT");
        Tracker.await(() -> events.readEvents(conversationId).asStream()
                .anyMatch(event -> event.getPayload() instanceof KvitteringRecordedEvent), "the kvittering is recorded");
        // the state-changes processor follows the events on its own thread
        Tracker.await(() -> scrape().contains("stage=\"kvittering\""), "the kvittering is timed");
        // and dpe.messages counts what the message-state processor has stored
        Tracker.await(() -> "LEVERT".equals(jdbc.query("SELECT status FROM message_state WHERE message_id = ?",
                rs -> rs.next() ? rs.getString(1) : null, messageId)), "the message's state is LEVERT");
        storedState.refresh();
        return conversationId;
    }

    /**
     * Stuck means not finished, neither failed nor expired, and unchanged for longer than the bucket. Rows of
     * message_state are written here as the projection leaves them, two hours old, and taken away again.
     */
    @Test
    void stuck_counts_the_waiting_messages_unchanged_for_longer_than_each_bucket_and_nothing_else() {
        Map<String, Double> before = stuckNow();
        List<String> rows = new ArrayList<>();
        try {
            for (MessageStatus status : List.of(MessageStatus.SENDT, MessageStatus.MOTTATT, MessageStatus.LEVERT,
                    MessageStatus.FEIL, MessageStatus.LEVETID_UTLOPT)) {
                rows.add(messageState(status, Instant.now().minus(Duration.ofHours(2))));
            }
            rows.add(messageState(MessageStatus.SENDT, Instant.now()));

            Map<String, Double> after = stuckNow();

            assertThat(after.get("PT15M") - before.get("PT15M")).isEqualTo(2);
            assertThat(after.get("PT1H") - before.get("PT1H")).isEqualTo(2);
            assertThat(after.get("PT6H") - before.get("PT6H")).isZero();
            assertThat(after.get("PT24H") - before.get("PT24H")).isZero();
        } finally {
            rows.forEach(messageId -> jdbc.update("DELETE FROM message_state WHERE message_id = ?", messageId));
        }
    }

    private Map<String, Double> stuckNow() {
        storedState.refresh();
        Map<String, Double> stuck = new TreeMap<>();
        Matcher line = Pattern.compile("dpe_messages_stuck\\{stuck_for=\"(PT\\w+)\"} ([0-9.E]+)").matcher(scrape());
        while (line.find()) {
            stuck.put(line.group(1), Double.parseDouble(line.group(2)));
        }
        assertThat(stuck).containsOnlyKeys("PT15M", "PT1H", "PT6H", "PT24H");
        return stuck;
    }

    /** A message_state row of an outgoing publisering in this status, last changed then; returns its messageId. */
    private String messageState(MessageStatus status, Instant lastUpdate) {
        String messageId = UUID.randomUUID().toString();
        OffsetDateTime changed = lastUpdate.atOffset(ZoneOffset.UTC);
        jdbc.update("INSERT INTO message_state (id, message_id, direction, conversation_id, process, document_type, "
                        + "sender, receiver, deadline, status, finished, uncorrelated_kvittering, created_at, "
                        + "last_update, last_sequence) VALUES (?, ?, 'OUTGOING', ?, 'JOURNALPOST', 'PUBLISERING', "
                        + "'986252932', '991825827', ?, ?, ?, FALSE, ?, ?, 1)",
                -1 - ThreadLocalRandom.current().nextLong(1L << 40), messageId, UUID.randomUUID().toString(),
                changed.plusDays(1), status.name(), status.finishes(), changed, changed);
        return messageId;
    }

    private String scrape() {
        return as(User.ADMIN).get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
