package no.dpe.tracker.core.sbd;

import java.util.Objects;

/**
 * One broken rule in an SBD.
 *
 * @param field   JSON path of the offending field, e.g. {@code standardBusinessDocumentHeader.receiver[0].identifier.value}
 * @param rule    short stable code a client can act on, e.g. {@code required}, {@code orgnr-mod11}, {@code uuid}
 * @param message what is wrong, for humans
 */
public record Violation(String field, String rule, String message) {
    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(message, "message");
    }
}
