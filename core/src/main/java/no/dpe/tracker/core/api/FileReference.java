package no.dpe.tracker.core.api;

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
}
