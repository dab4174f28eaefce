package no.dpe.tracker.app.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The service registry, {@code dpe.tracker.service-registry.*}, and Maskinporten, {@code dpe.tracker.maskinporten.*};
 * documented in application.yml.
 *
 * @param url       the registry's base URL; null: the in-process stand-in (embedded default and development
 *                  emulators only)
 * @param jwkSetUri when set, every answer must be JWS signed by a key of this set
 */
@ConfigurationProperties(prefix = "dpe.tracker.service-registry")
public record ServiceRegistryProperties(URI url, URI jwkSetUri, Duration cacheTtl, Duration timeout) {

    /**
     * @param tokenEndpoint when set, registry calls carry a Maskinporten access token got with a JWT grant
     * @param clientId      the grant's issuer; null: MOVE_IP_ and our organisation number, as the real one's default
     */
    @ConfigurationProperties(prefix = "dpe.tracker.maskinporten")
    public record Maskinporten(URI tokenEndpoint, String clientId, String audience, List<String> scopes) {
    }
}
