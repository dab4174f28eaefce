package no.dpe.tracker.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request threads: work in the order it came, a full queue refused at once, a cancelled request's work finished.
 */
class BlockingTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final Blocking blocking = new Blocking(new RequestThreadsProperties(1, 1));
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        blocking.destroy();
    }

    @Test
    void work_runs_on_a_request_thread() {
        StepVerifier.create(blocking.call(() -> Thread.currentThread().getName()))
                .assertNext(thread -> assertThat(thread).startsWith("request-"))
                .expectComplete()
                .verify(PATIENCE);
    }

    @Test
    void with_every_thread_busy_and_the_queue_full_a_request_is_refused_at_once_and_the_queued_one_runs_later()
            throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        Disposable busy = blocking.call(() -> {
            running.countDown();
            return release.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        }).subscribe();
        assertThat(running.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        CountDownLatch queuedRan = new CountDownLatch(1);
        Disposable queued = blocking.call(() -> {
            queuedRan.countDown();
            return true;
        }).subscribe();

        StepVerifier.create(blocking.call(() -> "one too many"))
                .expectError(RejectedExecutionException.class)
                .verify(PATIENCE);
        assertThat(queuedRan.getCount()).as("the queued work waits for the busy thread").isOne();

        release.countDown();
        assertThat(queuedRan.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS))
                .as("the queued work ran once a thread was free").isTrue();
        busy.dispose();
        queued.dispose();
    }

    @Test
    void the_work_of_a_request_whose_client_went_away_runs_to_its_end_uninterrupted() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        Disposable request = blocking.call(() -> {
            running.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
            finished.countDown();
            return true;
        }).subscribe();
        assertThat(running.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

        request.dispose();
        release.countDown();

        assertThat(finished.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(interrupted).isFalse();
    }
}
