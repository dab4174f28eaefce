package no.dpe.tracker.packaging;

import java.util.List;

import no.dpe.tracker.core.api.PackageSigner;

/**
 * A received package, decrypted and its signature verified.
 *
 * @param asic   the signed ASiC-E as the sender made it (what a fagsystem pops)
 * @param files  the files in it, eFormidling's manifest.xml left out
 * @param signer whoever signed it
 */
public record OpenedPackage(byte[] asic, List<PackagedFile> files, PackageSigner signer) {
}
