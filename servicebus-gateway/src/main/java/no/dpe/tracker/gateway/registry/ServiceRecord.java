package no.dpe.tracker.gateway.registry;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A receiver's DPE service record.
 *
 * @param queueSuffix   the record's {@code service.endpointUrl}: for DPE the suffix of the receiver's queue
 *                      ({@code innsyn}, {@code data}, {@code meeting}), not a URL
 * @param certificate   the receiver's enterprise certificate ({@code pemCertificate}), which packages are encrypted to
 * @param documentTypes the document types the receiver accepts under the process
 */
public record ServiceRecord(String organisationNumber, String process, List<String> documentTypes, String queueSuffix,
                            X509Certificate certificate) {

    public ServiceRecord {
        documentTypes = List.copyOf(documentTypes);
    }
}
