package no.dpe.tracker.app.problem;

import java.util.concurrent.RejectedExecutionException;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

/** A request refused because the request threads' queue is full is answered 503 as a problem, to be tried again. */
class BusyRefusalTest {

    @Test
    void a_full_queue_of_request_work_is_answered_503_with_retry_after() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/api/messages/out"));

        new FrameworkRefusals().clientErrorsAsProblems()
                .handle(exchange, new RejectedExecutionException("queue full")).block();

        assertThat(exchange.getResponse().getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(exchange.getResponse().getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(exchange.getResponse().getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(exchange.getResponse().getBodyAsString().block())
                .contains("\"type\":\"urn:dpe-tracker:problem:busy\"", "\"status\":503");
    }
}
