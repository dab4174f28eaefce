package no.dpe.tracker.gateway;

import java.util.Optional;

import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.asic.AsicFile;

/** Where the files of messages live; the application provides it (port, in the hexagonal sense). */
public interface MessageFiles {

    /** The content of a stored file, by its SHA-256. */
    Optional<byte[]> content(String sha256);

    /** Stores a file of an incoming message; storing the same name and content again is harmless. */
    FileReference storeIncoming(String messageId, AsicFile file);
}
