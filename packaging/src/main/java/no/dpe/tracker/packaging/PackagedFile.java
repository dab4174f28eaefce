package no.dpe.tracker.packaging;

/** A file in a DPE package: the name it has inside the ASiC-E, its media type and its bytes. */
public record PackagedFile(String name, String mediaType, byte[] content) {
}
