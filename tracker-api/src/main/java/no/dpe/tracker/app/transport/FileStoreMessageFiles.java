package no.dpe.tracker.app.transport;

import java.util.Optional;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.core.asic.AsicFile;
import no.dpe.tracker.gateway.MessageFiles;

/** The gateway's file port over the application's file store. */
class FileStoreMessageFiles implements MessageFiles {

    private final FileStore files;

    FileStoreMessageFiles(FileStore files) {
        this.files = files;
    }

    @Override
    public Optional<byte[]> content(String sha256) {
        return files.content(sha256);
    }

    /**
     * Stores the content of a received file; the received event names it, and the message index lists it under the
     * incoming message. A redelivered message stores nothing new: content is kept once by its SHA-256.
     */
    @Override
    public FileReference storeIncoming(String messageId, AsicFile file) {
        String sha256 = files.store(file.content());
        return new FileReference(file.name(), file.name(), file.mediaType(), file.content().length, sha256, null);
    }
}
