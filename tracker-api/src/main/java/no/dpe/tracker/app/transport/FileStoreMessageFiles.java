package no.dpe.tracker.app.transport;

import java.util.Optional;

import no.dpe.tracker.app.file.FileStore;
import no.dpe.tracker.core.api.FileReference;
import no.dpe.tracker.gateway.MessageFiles;

/** The gateway's file port over the application's file store. */
class FileStoreMessageFiles implements MessageFiles {

    /** What the real integration point calls a stored package. */
    static final String PACKAGE_NAME = "asic.zip";
    /** CMS EnvelopedData, as RFC 8551 names it. */
    static final String PACKAGE_MEDIA_TYPE = "application/pkcs7-mime; smime-type=enveloped-data";

    private final FileStore files;

    FileStoreMessageFiles(FileStore files) {
        this.files = files;
    }

    @Override
    public Optional<byte[]> content(String sha256) {
        return files.content(sha256);
    }

    /** A redelivered message stores nothing new: content is kept once by its SHA-256. */
    @Override
    public FileReference storePackage(byte[] encrypted) {
        return new FileReference(PACKAGE_NAME, PACKAGE_NAME, PACKAGE_MEDIA_TYPE, encrypted.length,
                files.store(encrypted), null);
    }
}
