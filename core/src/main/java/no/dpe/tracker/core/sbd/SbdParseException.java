package no.dpe.tracker.core.sbd;

/** The text is not an SBD at all: not JSON, or not a JSON object. Rule violations are {@link Violation}s instead. */
public final class SbdParseException extends Exception {
    SbdParseException(String message) {
        super(message);
    }

    SbdParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
