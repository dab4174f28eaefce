package no.dpe.tracker.projections.rebuild;

/** A projection could not be rebuilt, typically because another node still holds some of its segments. */
public class RebuildRefusedException extends RuntimeException {

    RebuildRefusedException(String name, Throwable cause) {
        super("Projection '" + name + "' could not be reset: " + cause.getMessage()
                + " (is it running on another node? stop it there, or wait for its claims to time out)", cause);
    }

    RebuildRefusedException(String name, String why) {
        super("Projection '" + name + "' cannot be rebuilt now: " + why);
    }
}
