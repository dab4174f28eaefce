package no.dpe.tracker.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.application.AvailabilityStateHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.CompositeReactiveHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthContributors;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.PingHealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthContributor;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * {@code /actuator/health} runs its blocking checks (the database's, disk space, ours) on the request threads
 * ({@link Blocking}, adr/0020-request-threads.md). Spring Boot would run each on Reactor's shared pool, where the Azure
 * SDK runs its receivers' handlers: while a burst of Service Bus messages held that pool, the health check would not
 * be answered, and an orchestrator would restart a node that is working.
 *
 * <p>Once every bean is made, before the server takes requests, each blocking contributor is moved from Boot's
 * blocking registry to its reactive one under the same name, wrapped to run on the request threads. The health
 * document keeps its components, names and groups. Two kinds only read a value in memory and run where they are
 * asked, without waiting for a request thread: ping, and the application's liveness and readiness states. So the
 * liveness and readiness probes answer from their state while the request threads are full, and an orchestrator
 * does not restart a node because it is busy.
 */
@Component
class HealthOnRequestThreads implements SmartInitializingSingleton {

    private final HealthContributorRegistry blocking;
    private final ReactiveHealthContributorRegistry reactive;
    private final Scheduler threads;

    HealthOnRequestThreads(HealthContributorRegistry blocking, ReactiveHealthContributorRegistry reactive,
                           Blocking requestThreads) {
        this.blocking = blocking;
        this.reactive = reactive;
        this.threads = requestThreads.scheduler();
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<HealthContributors.Entry> entries = blocking.stream().toList();
        for (HealthContributors.Entry entry : entries) {
            blocking.unregisterContributor(entry.name());
            reactive.registerContributor(entry.name(), onRequestThreads(entry.contributor(), threads));
        }
    }

    static ReactiveHealthContributor onRequestThreads(HealthContributor contributor, Scheduler threads) {
        if (contributor instanceof AvailabilityStateHealthIndicator || contributor instanceof PingHealthIndicator) {
            HealthIndicator inMemory = (HealthIndicator) contributor;
            return (ReactiveHealthIndicator) () -> Mono.fromCallable(inMemory::health);
        }
        if (contributor instanceof HealthIndicator indicator) {
            return new ReactiveHealthIndicator() {
                @Override
                public Mono<Health> health() {
                    return Mono.fromCallable(indicator::health).subscribeOn(threads);
                }

                @Override
                public Mono<Health> health(boolean includeDetails) {
                    return Mono.fromCallable(() -> indicator.health(includeDetails)).subscribeOn(threads);
                }
            };
        }
        if (contributor instanceof CompositeHealthContributor composite) {
            Map<String, HealthContributor> parts = new LinkedHashMap<>();
            composite.stream().forEach(part -> parts.put(part.name(), part.contributor()));
            return CompositeReactiveHealthContributor.fromMap(parts, part -> onRequestThreads(part, threads));
        }
        throw new IllegalStateException("A health contributor neither an indicator nor a composite: "
                + contributor.getClass().getName());
    }
}
