package no.dpe.tracker.app.chain;

/** A checkpoint number that names no checkpoint. */
public class UnknownCheckpointException extends RuntimeException {

    public UnknownCheckpointException(long number) {
        super("No checkpoint " + number);
    }
}
