package no.dpe.tracker.gateway.registry;

/**
 * The service registry could not be asked (down, slow, refusing our token) or its answer could not be trusted (a
 * signature that does not verify), and no earlier answer is at hand. Passing: what needs the answer waits.
 */
public class ServiceRegistryUnavailableException extends RuntimeException {

    public ServiceRegistryUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
