package no.dpe.tracker.core.sbd;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/** The DPE processes, named by the identifier in the SBD's ConversationId scope. */
public enum DpeProcess {
    INNSYNSKRAV("urn:no:difi:profile:einnsyn:innsynskrav:ver1.0", EnumSet.of(DocumentType.INNSYNSKRAV)),
    JOURNALPOST("urn:no:difi:profile:einnsyn:journalpost:ver1.0", EnumSet.of(DocumentType.PUBLISERING)),
    // Møte publishing: the current docs use the journalpost process, older API docs this one; both are accepted.
    MEETING("urn:no:difi:profile:einnsyn:meeting:ver1.0", EnumSet.of(DocumentType.PUBLISERING)),
    RESPONSE("urn:no:difi:profile:einnsyn:response:ver1.0",
            EnumSet.of(DocumentType.STATUS, DocumentType.EINNSYN_KVITTERING));

    private final String identifier;
    private final Set<DocumentType> documentTypes;

    DpeProcess(String identifier, Set<DocumentType> documentTypes) {
        this.identifier = identifier;
        this.documentTypes = documentTypes;
    }

    public String identifier() {
        return identifier;
    }

    /** Whether a document of this type may be sent within this process. */
    public boolean fits(DocumentType documentType) {
        return documentTypes.contains(documentType);
    }

    public static Optional<DpeProcess> fromIdentifier(String identifier) {
        return Arrays.stream(values()).filter(p -> p.identifier.equals(identifier)).findFirst();
    }
}
