package no.dpe.tracker.app;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When every request thread is busy and their queue is full, the health check is refused at once as busy, as any
 * request is, rather than waiting: a load balancer should send its requests elsewhere for now. The liveness and
 * readiness probes still answer from the application's state: a busy node is not to be restarted. Here there is one
 * request thread and a queue of {@value #QUEUE}: room for the health check's parts, which run side by side, once the
 * thread is free.
 */
// a tracker of its own (other settings), on the database the others share: closed after this class, so that it does
// not go on as a second node whose processors take segments, and events, from the trackers of the tests after it
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestPropertySource(properties = {
        "dpe.tracker.request-threads.threads=1",
        "dpe.tracker.request-threads.queue=" + HealthWhenBusyTest.QUEUE})
class HealthWhenBusyTest extends TrackerTest {

    static final int QUEUE = 20;

    @Autowired
    Blocking blocking;

    @Test
    void with_the_request_threads_busy_and_their_queue_full_the_health_check_is_503_busy_and_the_probes_answer()
            throws InterruptedException {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1 + QUEUE);
        try {
            Mono.fromCallable(() -> {
                running.countDown();
                return release.await(1, TimeUnit.MINUTES);
            }).subscribeOn(blocking.scheduler()).doFinally(signal -> done.countDown()).subscribe();
            assertThat(running.await(10, TimeUnit.SECONDS)).as("the request thread took the first work").isTrue();
            for (int queued = 0; queued < QUEUE; queued++) {
                Mono.fromCallable(() -> release.await(1, TimeUnit.MINUTES)).subscribeOn(blocking.scheduler())
                        .doFinally(signal -> done.countDown()).subscribe();
            }

            anonymous().get().uri("/actuator/health").exchange()
                    .expectStatus().isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader().valueEquals("Retry-After", "1")
                    .expectBody().jsonPath("$.type").isEqualTo("urn:dpe-tracker:problem:busy");
            anonymous().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
            anonymous().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.status").isEqualTo("UP");
        } finally {
            release.countDown();
        }
        assertThat(done.await(10, TimeUnit.SECONDS)).as("the request thread and its queue are free again").isTrue();
        // UP, or WARNING (also 200) when other tests' parked events are in the database these trackers share
        anonymous().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").exists();
    }
}
