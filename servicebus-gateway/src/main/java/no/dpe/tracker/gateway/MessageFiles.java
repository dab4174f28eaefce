package no.dpe.tracker.gateway;

import java.util.Optional;

import no.dpe.tracker.core.api.FileReference;

/** Where the files of messages live; the application provides it (port, in the hexagonal sense). */
public interface MessageFiles {

    /** The content of a stored file, by its SHA-256. */
    Optional<byte[]> content(String sha256);

    /**
     * Stores a received package as it arrived (encrypted); storing the same bytes again is harmless.
     *
     * @return what names it in the received event
     */
    FileReference storePackage(byte[] encrypted);
}
