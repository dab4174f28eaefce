package no.dpe.tracker.app;

import java.util.Optional;
import java.util.concurrent.Callable;

import no.dpe.tracker.app.actor.Caller;
import no.dpe.tracker.core.api.Actor;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking work (JDBC, Axon's synchronous command bus) off the event loop, on Reactor's elastic pool
 * for blocking calls, so one slow query cannot stall every other request. The request's authenticated caller goes
 * with it, so the commands it sends say who sent them (ADR 0016).
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<T> work) {
        return ReactiveSecurityContextHolder.getContext()
                .map(context -> Caller.of(context.getAuthentication()))
                .defaultIfEmpty(Optional.empty())
                .flatMap(caller -> Mono.fromCallable(() -> run(caller, work)).subscribeOn(Schedulers.boundedElastic()));
    }

    private static <T> T run(Optional<Actor> caller, Callable<T> work) throws Exception {
        return caller.isPresent() ? Caller.as(caller.get(), work) : work.call();
    }
}
