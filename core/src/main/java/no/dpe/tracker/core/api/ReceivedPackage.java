package no.dpe.tracker.core.api;

/**
 * The package a business message arrived with, as it is kept: still encrypted as it came (CMS to our certificate),
 * decrypted only when the fagsystem pops it, and who signed the ASiC-E inside, checked when it arrived.
 *
 * @param encrypted the stored CMS bytes: SHA-256, size
 * @param signer    the signing certificate's holder
 */
public record ReceivedPackage(FileReference encrypted, PackageSigner signer) {
}
