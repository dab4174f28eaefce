package no.dpe.tracker.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import no.dpe.tracker.app.TrackerTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guessing a password gets slower: after 5 failed logins in a row a user must wait before trying again from that
 * address, a second at first and twice as long after each further failure; a successful login ends it.
 */
class FailedLoginsTest extends TrackerTest {

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-30T12:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    @Test
    void the_wait_starts_at_the_fifth_failure_doubles_with_each_further_one_and_ends_with_a_success() {
        MutableClock clock = new MutableClock();
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofSeconds(10), clock);
        for (int i = 0; i < 4; i++) {
            throttle.failed("fagsystem", "10.0.0.7");
        }
        assertThat(throttle.wait("fagsystem", "10.0.0.7")).isZero();

        throttle.failed("fagsystem", "10.0.0.7");
        assertThat(throttle.wait("fagsystem", "10.0.0.7")).isEqualTo(Duration.ofSeconds(1));
        assertThat(throttle.wait("fagsystem", "10.0.0.8")).as("from another address").isZero();
        assertThat(throttle.wait("support", "10.0.0.7")).as("another user").isZero();

        clock.advance(Duration.ofSeconds(1));
        throttle.failed("fagsystem", "10.0.0.7");
        assertThat(throttle.wait("fagsystem", "10.0.0.7")).isEqualTo(Duration.ofSeconds(2));
        for (int i = 0; i < 5; i++) {
            throttle.failed("fagsystem", "10.0.0.7");
        }
        assertThat(throttle.wait("fagsystem", "10.0.0.7")).as("at most longest-wait").isEqualTo(Duration.ofSeconds(10));

        throttle.succeeded("fagsystem", "10.0.0.7");
        assertThat(throttle.wait("fagsystem", "10.0.0.7")).isZero();
    }

    @Test
    void over_http_the_sixth_guess_is_refused_unchecked_with_429_and_retry_after() throws Exception {
        String guesser = "guesser-" + UUID.randomUUID();
        WebTestClient guessing = anonymous().mutate()
                .defaultHeaders(headers -> headers.setBasicAuth(guesser, "wrong")).build();
        for (int i = 0; i < 5; i++) {
            guessing.get().uri("/api/statuses").exchange().expectStatus().isUnauthorized();
        }

        guessing.get().uri("/api/statuses").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "1")
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:dpe-tracker:problem:login-throttled");

        Thread.sleep(1100);
        guessing.get().uri("/api/statuses").exchange().expectStatus().isUnauthorized();
        guessing.get().uri("/api/statuses").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().valueEquals("Retry-After", "2");
        http.get().uri("/api/statuses").exchange().expectStatus().isOk();
    }

    @Test
    void a_user_who_mistyped_logs_in_once_the_wait_is_over_and_starts_afresh() throws Exception {
        WebTestClient mistyping = anonymous().mutate()
                .defaultHeaders(headers -> headers.setBasicAuth("support", "mistyped")).build();
        for (int i = 0; i < 5; i++) {
            mistyping.get().uri("/api/support/conversations").exchange().expectStatus().isUnauthorized();
        }
        as(User.SUPPORT).get().uri("/api/support/conversations").exchange().expectStatus().isEqualTo(429);

        Thread.sleep(1100);
        as(User.SUPPORT).get().uri("/api/support/conversations").exchange().expectStatus().isOk();
        mistyping.get().uri("/api/support/conversations").exchange().expectStatus().isUnauthorized();
        as(User.SUPPORT).get().uri("/api/support/conversations").exchange().expectStatus().isOk();
    }
}
