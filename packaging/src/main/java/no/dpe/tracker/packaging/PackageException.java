package no.dpe.tracker.packaging;

/**
 * A received package that cannot be taken, with the reason a dead-lettered message carries:
 * {@value #UNDECRYPTABLE} (not CMS, or not for our key), {@value #INVALID_SIGNATURE} (unsigned, badly signed, a
 * file that does not match its signed digest, or not an ASiC-E at all) or {@value #TOO_LARGE} (it unpacks to more
 * than a package may: a small message that would fill the memory).
 */
public class PackageException extends RuntimeException {

    public static final String UNDECRYPTABLE = "UndecryptablePackage";
    public static final String INVALID_SIGNATURE = "InvalidSignature";
    public static final String TOO_LARGE = "PackageTooLarge";

    private final String reason;

    PackageException(String reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public String reason() {
        return reason;
    }
}
