package no.dpe.tracker.app.problem;

import java.net.URI;
import java.util.List;

import no.dpe.tracker.core.conversation.ConversationRuleException;
import no.dpe.tracker.core.conversation.UnknownMessageException;
import no.dpe.tracker.core.sbd.Violation;
import no.dpe.tracker.projections.Outages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every client error becomes an RFC 7807 problem: {@code type} names the rule, {@code detail} says what
 * was wrong in words, and {@code violations} lists each field with its rule.
 */
@RestControllerAdvice
class ProblemHandling {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandling.class);
    static final String TYPE_PREFIX = "urn:dpe-tracker:problem:";

    @ExceptionHandler(ClientError.class)
    ResponseEntity<ProblemDetail> clientError(ClientError error) {
        return problem(error.status(), error.rule(), error.getMessage(), error.violations());
    }

    @ExceptionHandler(UnknownMessageException.class)
    ResponseEntity<ProblemDetail> unknownMessage(UnknownMessageException error) {
        return problem(HttpStatus.NOT_FOUND, error.rule(), error.getMessage(), List.of());
    }

    /** The conversation refused the command: the request conflicts with the state the message is in. */
    @ExceptionHandler(ConversationRuleException.class)
    ResponseEntity<ProblemDetail> conversationRule(ConversationRuleException error) {
        return problem(HttpStatus.CONFLICT, error.rule(), error.getMessage(), List.of());
    }

    /** A body Spring could not decode at all: a multipart request without its boundary, say. */
    @ExceptionHandler(DecodingException.class)
    ResponseEntity<ProblemDetail> undecodable(DecodingException error) {
        return problem(HttpStatus.BAD_REQUEST, "malformed-body", "The request body cannot be read: "
                + error.getMessage(), List.of());
    }

    @ExceptionHandler(DataBufferLimitException.class)
    ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException error) {
        log.debug("Refused an oversized request body", error);
        return problem(HttpStatus.CONTENT_TOO_LARGE, "max-size", "The request body is larger than the limit: "
                + error.getMessage(), List.of());
    }

    /**
     * The database out of reach (or a clash with another writer of the same conversation): nothing of the request
     * was recorded, and the same request later will do. A client that cannot tell it from a bug would give up on a
     * 500; a 503 with Retry-After tells it to wait. Anything else is thrown on, to end as a 500.
     */
    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ProblemDetail> outage(RuntimeException error) {
        if (!Outages.isOutage(error)) {
            throw error;
        }
        log.warn("Answered 503 to a request that met an outage: {}", error.toString());
        ResponseEntity<ProblemDetail> problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "unavailable",
                "The tracker cannot record or read this now (its database is out of reach, or another request changed "
                        + "the same conversation at the same moment); nothing of the request was recorded. Try it "
                        + "again later: a message already taken is answered 409.", List.of());
        return ResponseEntity.status(problem.getStatusCode()).headers(problem.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, "5").body(problem.getBody());
    }

    static ResponseEntity<ProblemDetail> problem(HttpStatus status, String rule, String detail,
                                                 List<Violation> violations) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + rule));
        problem.setTitle(status.getReasonPhrase());
        if (!violations.isEmpty()) {
            problem.setProperty("violations", violations);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
