package no.dpe.tracker.core.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A file that belongs to a message. The content lives outside the event store; the history keeps what
 * identifies it for good: its name, media type, size and SHA-256 (hex).
 */
public record FileReference(String name, String filename, String mediaType, long size, String sha256, String title) {

    public FileReference {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(sha256, "sha256");
    }

    /** The SHA-256 of the content, in lower-case hexadecimal: how files are named in the history and stored. */
    public static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
