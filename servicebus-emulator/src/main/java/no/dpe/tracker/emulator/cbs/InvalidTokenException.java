package no.dpe.tracker.emulator.cbs;

/** Why a put-token is refused; the message goes back to the client as the 401's status description. */
public final class InvalidTokenException extends RuntimeException {

    public InvalidTokenException(String message) {
        super(message);
    }
}
