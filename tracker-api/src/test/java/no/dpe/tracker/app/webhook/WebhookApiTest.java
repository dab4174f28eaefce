package no.dpe.tracker.app.webhook;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import no.dpe.tracker.app.TrackerTest;
import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.app.incoming.Received;
import no.dpe.tracker.core.sbd.Examples;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Webhook subscriptions as next-move offers them, delivered at least once with retries. */
class WebhookApiTest extends TrackerTest {

    /** A subscriber that fails its first request for a message and accepts every one after it. */
    static class Subscriber {
        final HttpServer server;
        final List<String> accepted = new CopyOnWriteArrayList<>();
        final List<String> refused = new CopyOnWriteArrayList<>();

        Subscriber() throws IOException {
            this("127.0.0.1");
        }

        Subscriber(String address) throws IOException {
            server = HttpServer.create(new InetSocketAddress(address, 0), 0);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
                    + "/hook";
        }

        private void handle(HttpExchange exchange) throws IOException {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean firstTime = refused.stream().noneMatch(seen -> seen.equals(body));
            if (firstTime) {
                refused.add(body);
            } else {
                accepted.add(body);
            }
            exchange.sendResponseHeaders(firstTime ? 503 : 200, -1);
            exchange.close();
        }
    }

    @Autowired
    CommandGateway commands;
    @Autowired
    FileStore files;
    @Autowired
    JdbcTemplate jdbc;

    Subscriber subscriber;

    @BeforeEach
    void startSubscriber() throws IOException {
        subscriber = new Subscriber();
    }

    @AfterEach
    void stopSubscriber() {
        subscriber.server.stop(0);
    }

    long subscribe(String filter) {
        String body = "{\"name\": \"test\", \"pushEndpoint\": \"" + subscriber.url() + "\", \"resource\": \"messages\", "
                + "\"event\": \"status\"" + (filter == null ? "" : ", \"filter\": \"" + filter + "\"") + "}";
        Number id = (Number) http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("id");
        return id.longValue();
    }

    @Test
    void a_subscription_is_created_read_listed_and_deleted_in_next_move_shape() {
        long id = subscribe("status=INNKOMMENDE_MOTTATT,LEVERT&direction=INCOMING");

        http.get().uri("/api/subscriptions/{id}", id).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.id").isEqualTo(id)
                .jsonPath("$.name").isEqualTo("test")
                .jsonPath("$.pushEndpoint").isEqualTo(subscriber.url())
                .jsonPath("$.resource").isEqualTo("messages")
                .jsonPath("$.event").isEqualTo("status")
                .jsonPath("$.filter").isEqualTo("status=INNKOMMENDE_MOTTATT,LEVERT&direction=INCOMING");
        http.get().uri("/api/subscriptions?size=1000").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.content[?(@.id == " + id + ")].name").isEqualTo("test");

        http.delete().uri("/api/subscriptions/{id}", id).exchange().expectStatus().isOk();

        http.get().uri("/api/subscriptions/{id}", id).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void an_event_is_delivered_after_a_failed_attempt() throws Exception {
        long id = subscribe("direction=INCOMING&status=INNKOMMENDE_MOTTATT");
        try {
            String messageId = Received.message(commands, files, fresh(Examples.INNSYNSKRAV),
                    Map.of("order.xml", new byte[]{1})).messageId().orElseThrow();

            await(() -> subscriber.accepted.stream().anyMatch(body -> body.contains(messageId)));

            assertThat(subscriber.refused).anySatisfy(body -> assertThat(body).contains(messageId));
            String delivered = subscriber.accepted.stream().filter(body -> body.contains(messageId)).findFirst()
                    .orElseThrow();
            assertThat(delivered).contains("\"event\":\"status\"", "\"resource\":\"messages\"",
                    "\"direction\":\"INCOMING\"", "\"serviceIdentifier\":\"DPE\"",
                    "\"status\":\"INNKOMMENDE_MOTTATT\"");
        } finally {
            http.delete().uri("/api/subscriptions/{id}", id).exchange().expectStatus().isOk();
        }
    }

    @Test
    void a_push_endpoint_inside_a_network_is_refused_unless_the_allow_list_names_its_host() {
        // the tests allow 127.0.0.1, where their subscribers listen; nothing else inside a network
        for (String endpoint : List.of("http://127.0.0.2:8080/hook", "http://localhost:8080/hook",
                "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook", "http://[::1]:8080/hook",
                "http://0.0.0.0:8080/hook")) {
            http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"name\": \"probe\", \"pushEndpoint\": \"" + endpoint + "\", "
                            + "\"resource\": \"messages\", \"event\": \"status\"}")
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.violations[0].field").isEqualTo("pushEndpoint")
                    .jsonPath("$.violations[0].rule").isEqualTo("outside-our-network");
        }
    }

    @Test
    void a_subscription_whose_endpoint_is_inside_a_network_gets_nothing_posted_and_says_why() throws Exception {
        // stored before the rule was (or its name since resolves inside): the rule holds at every POST too
        Subscriber inside = new Subscriber("127.0.0.2");
        try {
            jdbc.update("INSERT INTO webhook_subscription (name, push_endpoint, resource, event_type, created_at) "
                    + "VALUES ('old', ?, 'messages', 'status', CURRENT_TIMESTAMP)", inside.url());
            long id = jdbc.queryForObject("SELECT MAX(id) FROM webhook_subscription", Long.class);
            try {
                Received.message(commands, files, fresh(Examples.INNSYNSKRAV), Map.of("order.xml", new byte[]{1}));

                await(() -> jdbc.queryForObject("SELECT COUNT(*) FROM webhook_delivery WHERE subscription_id = ? "
                        + "AND last_error LIKE 'not POSTed: its host 127.0.0.2 is 127.0.0.2, a loopback address%'",
                        Integer.class, id) > 0);
                assertThat(inside.refused).isEmpty();
                assertThat(inside.accepted).isEmpty();
            } finally {
                http.delete().uri("/api/subscriptions/{id}", id).exchange().expectStatus().isOk();
            }
        } finally {
            inside.server.stop(0);
        }
    }

    @Test
    void an_invalid_subscription_is_a_400_problem_naming_each_field() {
        http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"pushEndpoint\": \"ftp://example.org\", \"resource\": \"files\", \"event\": \"status\", "
                        + "\"filter\": \"colour=blue\"}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.violations[*].field").value(fields -> assertThat((List<Object>) fields)
                        .containsExactlyInAnyOrder("name", "pushEndpoint", "resource", "filter"));
    }

    @Test
    void a_body_that_is_not_json_is_a_400_problem() {
        http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).bodyValue("{not json")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void a_body_over_the_size_limit_is_a_413_problem() {
        String huge = "{\"name\": \"" + "x".repeat(SubscriptionController.MAX_BODY) + "\"}";
        http.post().uri("/api/subscriptions").contentType(MediaType.APPLICATION_JSON).bodyValue(huge)
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("gave up waiting after " + PATIENCE).isBefore(giveUp);
            Thread.sleep(50);
        }
    }
}
