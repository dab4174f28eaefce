package no.dpe.tracker.app.problem;

import java.util.concurrent.RejectedExecutionException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

/**
 * The client errors Spring finds before any controller runs, answered as problems like the tracker's own: a request
 * the security firewall refuses (an encoded slash, a NUL, a path that walks up), and a request no handler takes
 * (an unsupported or malformed Content-Type, an Accept nothing satisfies, a method the path does not have), and
 * those Spring finds in a controller's arguments (a parameter that is not a number, a missing header).
 */
@Configuration(proxyBeanMethods = false)
class FrameworkRefusals {

    /**
     * The connection is closed after the answer: without that, Reactor Netty at times read no further request on
     * it, and a keep-alive client's next request waited until the client gave up (seen with the JDK's client in
     * MalformedInputWalkTest). A refused request is no reason to keep a connection.
     */
    @Bean
    ServerExchangeRejectedHandler firewallRefusals() {
        return (exchange, rejected) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return exchange.getRequest().getBody().doOnNext(DataBufferUtils::release)
                    .then(ProblemResponses.write(exchange, HttpStatus.BAD_REQUEST, "rejected-request",
                            "The request was refused before it reached the API: " + rejected.getMessage()));
        };
    }

    /**
     * Before Spring Boot's own error handler (order -1), which renders these without a problem's shape. Also a
     * request refused because the request threads' queue is full (no.dpe.tracker.app.Blocking): 503, to be tried again.
     */
    @Bean
    @Order(-2)
    WebExceptionHandler clientErrorsAsProblems() {
        return (exchange, error) -> {
            if (error instanceof RejectedExecutionException && !exchange.getResponse().isCommitted()) {
                exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER, "1");
                return ProblemResponses.write(exchange, HttpStatus.SERVICE_UNAVAILABLE, "busy",
                        "The tracker has more requests waiting than it takes; nothing of this one was done. Try it "
                                + "again in a moment.");
            }
            if (error instanceof ResponseStatusException refused && refused.getStatusCode().is4xxClientError()
                    && !exchange.getResponse().isCommitted()) {
                HttpStatus status = HttpStatus.valueOf(refused.getStatusCode().value());
                String rule = status.name().toLowerCase().replace('_', '-');
                String detail = refused.getBody().getDetail() != null ? refused.getBody().getDetail()
                        : refused.getReason() != null ? refused.getReason() : status.getReasonPhrase();
                return ProblemResponses.write(exchange, status, rule, detail);
            }
            return Mono.error(error);
        };
    }
}
