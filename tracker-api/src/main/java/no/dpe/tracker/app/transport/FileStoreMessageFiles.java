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

    /** A redelivered message stores its files again: keep the first copy. */
    @Override
    public FileReference storeIncoming(String messageId, AsicFile file) {
        return files.filesOf(messageId).stream()
                .filter(stored -> stored.name().equals(file.name()))
                .findFirst()
                .orElseGet(() -> files.store(messageId, file.name(), file.name(), file.mediaType(), null,
                        file.content()));
    }
}
