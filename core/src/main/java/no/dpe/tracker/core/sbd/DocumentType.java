package no.dpe.tracker.core.sbd;

import java.util.Arrays;
import java.util.Optional;

/** The four document types (SBD {@code standard}) that travel over DPE. */
public enum DocumentType {
    INNSYNSKRAV("urn:no:difi:einnsyn:xsd::innsynskrav"),
    PUBLISERING("urn:no:difi:einnsyn:xsd::publisering"),
    EINNSYN_KVITTERING("urn:no:difi:einnsyn:xsd::einnsyn_kvittering"),
    STATUS("urn:no:difi:eformidling:xsd::status");

    private final String standard;

    DocumentType(String standard) {
        this.standard = standard;
    }

    public String standard() {
        return standard;
    }

    /** The SBD {@code type}; also the key under which the business message sits. */
    public String type() {
        return standard.substring(standard.lastIndexOf("::") + 2);
    }

    /** Receipts answer another message; they carry no files and are never answered themselves. */
    public boolean isReceipt() {
        return this == STATUS || this == EINNSYN_KVITTERING;
    }

    public static Optional<DocumentType> fromStandard(String standard) {
        return Arrays.stream(values()).filter(t -> t.standard.equals(standard)).findFirst();
    }
}
