package no.dpe.tracker.core.asic;

/** A container that is not ASiC-E. */
public class InvalidAsicException extends Exception {

    public InvalidAsicException(String message) {
        super(message);
    }
}
