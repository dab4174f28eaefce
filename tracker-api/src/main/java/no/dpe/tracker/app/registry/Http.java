package no.dpe.tracker.app.registry;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;

/** One call to the registry's side of the network (the registry, its JWK set, Maskinporten). */
final class Http {

    private Http() {
    }

    /**
     * The answer, whatever its status.
     *
     * @throws ServiceRegistryUnavailableException when {@code what} cannot be reached
     */
    static HttpResponse<String> send(HttpClient http, HttpRequest request, String what) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ServiceRegistryUnavailableException(what + " (" + request.uri() + ") cannot be reached: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceRegistryUnavailableException("Interrupted while asking " + what, e);
        }
    }
}
