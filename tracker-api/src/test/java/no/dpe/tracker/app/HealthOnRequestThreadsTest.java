package no.dpe.tracker.app;

import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Status;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A blocking health check, wrapped, runs on the scheduler it is given and nowhere else. */
class HealthOnRequestThreadsTest {

    @Test
    void an_indicator_runs_on_the_given_threads_and_keeps_its_details_only_when_asked_for() {
        AtomicReference<String> ranOn = new AtomicReference<>();
        HealthIndicator indicator = () -> {
            ranOn.set(Thread.currentThread().getName());
            return Health.up().withDetail("rows", 3).build();
        };
        Scheduler threads = Schedulers.newSingle("request-thread-stand-in");
        try {
            ReactiveHealthIndicator wrapped =
                    (ReactiveHealthIndicator) HealthOnRequestThreads.onRequestThreads(indicator, threads);

            assertThat(wrapped.health(true).block().getDetails()).containsEntry("rows", 3);
            assertThat(ranOn.get()).startsWith("request-thread-stand-in");
            assertThat(wrapped.health(false).block().getDetails()).isEmpty();
        } finally {
            threads.dispose();
        }
    }

    @Test
    void a_composite_keeps_its_parts_by_name_each_wrapped() {
        CompositeHealthContributor composite = CompositeHealthContributor.fromMap(Map.of(
                "a", (HealthIndicator) () -> Health.up().build(),
                "b", (HealthIndicator) () -> Health.down().build()));

        CompositeReactiveHealthContributor wrapped = (CompositeReactiveHealthContributor)
                HealthOnRequestThreads.onRequestThreads(composite, Schedulers.immediate());

        assertThat(((ReactiveHealthIndicator) wrapped.getContributor("a")).health().block().getStatus())
                .isEqualTo(Status.UP);
        assertThat(((ReactiveHealthIndicator) wrapped.getContributor("b")).health().block().getStatus())
                .isEqualTo(Status.DOWN);
    }

    @Test
    void ping_runs_where_it_is_asked_even_when_the_threads_refuse_work() {
        Scheduler full = Schedulers.fromExecutor(work -> {
            throw new RejectedExecutionException("queue full");
        });
        ReactiveHealthIndicator ping = (ReactiveHealthIndicator) HealthOnRequestThreads.onRequestThreads(
                new PingHealthIndicator(), full);

        assertThat(ping.health().block().getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void when_the_threads_refuse_work_the_check_fails_at_once_instead_of_waiting() {
        Scheduler full = Schedulers.fromExecutor(work -> {
            throw new RejectedExecutionException("queue full");
        });
        ReactiveHealthIndicator wrapped = (ReactiveHealthIndicator) HealthOnRequestThreads.onRequestThreads(
                (HealthIndicator) () -> Health.up().build(), full);

        assertThatThrownBy(() -> wrapped.health().block()).isInstanceOf(RejectedExecutionException.class);
    }
}
