package no.dpe.tracker.app;

import java.util.concurrent.Callable;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Runs blocking work (JDBC, Axon's synchronous command bus) off the event loop, on Reactor's elastic pool
 * for blocking calls, so one slow query cannot stall every other request.
 */
public final class Blocking {

    private Blocking() {
    }

    public static <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
