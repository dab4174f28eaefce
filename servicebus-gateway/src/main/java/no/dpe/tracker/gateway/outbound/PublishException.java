package no.dpe.tracker.gateway.outbound;

/** Publishing failed. A permanent failure will not go away by retrying: FEIL is recorded with the reason. */
public class PublishException extends RuntimeException {

    private final boolean permanent;

    PublishException(boolean permanent, String message, Throwable cause) {
        super(message, cause);
        this.permanent = permanent;
    }

    public boolean isPermanent() {
        return permanent;
    }
}
