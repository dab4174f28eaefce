package no.dpe.tracker.app;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The threads that do the blocking work of HTTP requests ({@link Blocking}), bound from
 * {@code dpe.tracker.request-threads.*}; defaults and documentation in {@code application.yml}.
 *
 * @param threads the most requests whose blocking work runs at once
 * @param queue   the most requests whose blocking work waits for a thread; one more is answered 503
 */
@ConfigurationProperties(prefix = "dpe.tracker.request-threads")
public record RequestThreadsProperties(int threads, int queue) {

    public RequestThreadsProperties {
        if (threads < 1) {
            throw new IllegalArgumentException(
                    "dpe.tracker.request-threads.threads must be at least 1, was " + threads);
        }
        if (queue < 1) {
            throw new IllegalArgumentException("dpe.tracker.request-threads.queue must be at least 1, was " + queue);
        }
    }
}
