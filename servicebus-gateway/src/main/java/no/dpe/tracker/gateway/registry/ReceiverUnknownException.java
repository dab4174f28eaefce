package no.dpe.tracker.gateway.registry;

/** The service registry does not know the receiver, or knows it without DPE for the process and document type. */
public class ReceiverUnknownException extends RuntimeException {

    public ReceiverUnknownException(String message) {
        super(message);
    }
}
