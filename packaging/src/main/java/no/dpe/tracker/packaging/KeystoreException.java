package no.dpe.tracker.packaging;

/** A keystore that cannot serve as the enterprise key: missing, unreadable, without the alias, or expired. */
public class KeystoreException extends RuntimeException {

    public KeystoreException(String message) {
        super(message);
    }

    public KeystoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
