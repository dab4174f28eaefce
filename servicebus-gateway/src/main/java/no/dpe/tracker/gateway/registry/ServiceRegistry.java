package no.dpe.tracker.gateway.registry;

/**
 * eFormidling's service registry, as the transport needs it: where a receiver takes a DPE process (the queue suffix)
 * and the certificate its packages are encrypted to. A port: the application provides the client.
 */
public interface ServiceRegistry {

    /**
     * The receiver's DPE service record for the process that accepts the document type.
     *
     * @param process      the SBD's process identifier
     * @param documentType the SBD's document type (its {@code standard})
     * @throws ReceiverUnknownException            when the registry does not know the receiver, or knows it without
     *                                             DPE for that process and document type
     * @throws ServiceRegistryUnavailableException when the registry cannot be asked, or its answer not trusted, and
     *                                             no earlier answer is at hand
     */
    ServiceRecord dpeRecord(String organisationNumber, String process, String documentType);
}
