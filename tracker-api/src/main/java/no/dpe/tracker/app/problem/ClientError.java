package no.dpe.tracker.app.problem;

import java.util.List;

import no.dpe.tracker.core.sbd.Violation;
import org.springframework.http.HttpStatus;

/**
 * A request the tracker refuses, with what an RFC 7807 problem needs: the status, a stable rule code and
 * every violated field. Thrown before anything is recorded, so nothing is half-applied.
 */
public class ClientError extends RuntimeException {

    private final HttpStatus status;
    private final String rule;
    private final List<Violation> violations;

    public ClientError(HttpStatus status, String rule, String detail, List<Violation> violations) {
        super(detail);
        this.status = status;
        this.rule = rule;
        this.violations = List.copyOf(violations);
    }

    public static ClientError invalid(String detail, List<Violation> violations) {
        return new ClientError(HttpStatus.BAD_REQUEST, "invalid", detail, violations);
    }

    public static ClientError invalid(String field, String rule, String detail) {
        return new ClientError(HttpStatus.BAD_REQUEST, rule, detail, List.of(new Violation(field, rule, detail)));
    }

    public static ClientError notFound(String detail) {
        return new ClientError(HttpStatus.NOT_FOUND, "not-found", detail, List.of());
    }

    public static ClientError conflict(String field, String rule, String detail) {
        return new ClientError(HttpStatus.CONFLICT, rule, detail, List.of(new Violation(field, rule, detail)));
    }

    public static ClientError tooLarge(String field, long limitBytes) {
        String detail = "The " + field + " is larger than the limit of " + limitBytes + " bytes";
        return new ClientError(HttpStatus.CONTENT_TOO_LARGE, "max-size", detail,
                List.of(new Violation(field, "max-size", detail)));
    }

    /** Not the client's mistake, but the answer it needs: try again later (a service we depend on is down). */
    public static ClientError tooMany(String rule, String detail) {
        return new ClientError(HttpStatus.TOO_MANY_REQUESTS, rule, detail, List.of());
    }

    public static ClientError unavailable(String rule, String detail) {
        return new ClientError(HttpStatus.SERVICE_UNAVAILABLE, rule, detail, List.of());
    }

    public HttpStatus status() {
        return status;
    }

    public String rule() {
        return rule;
    }

    public List<Violation> violations() {
        return violations;
    }
}
