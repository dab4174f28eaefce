package no.dpe.tracker.app.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import no.dpe.tracker.app.TrackerTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A caller may keep a few event streams open, and the tracker serves a bounded number in all; past either cap a
 * new stream is refused with a problem, and a closed stream frees its place. Here a caller may have 2 and the
 * tracker serves 3, for two callers with the fagsystem's role.
 */
@TestPropertySource(properties = {
        "dpe.tracker.events.max-subscribers-per-user=2",
        "dpe.tracker.events.max-subscribers=3",
        "dpe.tracker.security.users[0].name=fagsystem",
        "dpe.tracker.security.users[0].password={noop}fagsystem-password",
        "dpe.tracker.security.users[0].roles=FAGSYSTEM",
        "dpe.tracker.security.users[1].name=other-fagsystem",
        "dpe.tracker.security.users[1].password={noop}other-password",
        "dpe.tracker.security.users[1].roles=FAGSYSTEM"})
class EventStreamCapsTest extends TrackerTest {

    @Autowired
    EventSubscribers subscribers;

    private final List<Disposable> open = new ArrayList<>();

    @AfterEach
    void closeStreams() throws InterruptedException {
        open.forEach(Disposable::dispose);
        awaitOpen(0);
    }

    WebTestClient other() {
        return anonymous().mutate().defaultHeaders(headers -> headers.setBasicAuth("other-fagsystem",
                "other-password")).build();
    }

    void openStream(WebTestClient client) {
        open.add(client.get().uri("/api/events?from=now").accept(MediaType.TEXT_EVENT_STREAM).exchange()
                .expectStatus().isOk().returnResult(String.class).getResponseBody().subscribe());
    }

    WebTestClient.ResponseSpec refused(WebTestClient client) {
        return client.get().uri("/api/events?from=now").accept(MediaType.TEXT_EVENT_STREAM).exchange();
    }

    @Test
    void a_caller_past_its_cap_is_refused_with_429_and_gets_its_place_back_when_a_stream_closes()
            throws Exception {
        openStream(http);
        openStream(http);

        refused(http).expectStatus().isEqualTo(429)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:dpe-tracker:problem:max-subscribers-per-user");
        openStream(other());

        open.remove(0).dispose();
        awaitOpen(2);
        openStream(http);
    }

    @Test
    void past_the_total_every_caller_is_refused_with_503() throws Exception {
        openStream(http);
        openStream(http);
        openStream(other());

        refused(other()).expectStatus().isEqualTo(503)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:dpe-tracker:problem:max-subscribers");
        assertThat(subscribers.open()).isEqualTo(3);
    }

    private void awaitOpen(int count) throws InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (subscribers.open() != count && Instant.now().isBefore(giveUp)) {
            Thread.sleep(50);
        }
        assertThat(subscribers.open()).as("open event streams").isEqualTo(count);
    }
}
