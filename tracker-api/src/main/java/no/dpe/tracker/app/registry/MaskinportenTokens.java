package no.dpe.tracker.app.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import no.dpe.tracker.packaging.EnterpriseKey;

/**
 * Access tokens from Maskinporten for the service registry, got as the real integration point gets them: a JWT
 * grant (RFC 7523) signed by our enterprise key (RS256, our certificate in {@code x5c}), with {@code iss} our client
 * id, {@code aud} Maskinporten, {@code scope} the scopes, lasting two minutes, posted as
 * {@code grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer}. A token is reused until shortly before it expires.
 */
final class MaskinportenTokens {

    private static final Duration GRANT_LIFETIME = Duration.ofSeconds(120);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI tokenEndpoint;
    private final String clientId;
    private final String audience;
    private final String scopes;
    private final EnterpriseKey key;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    MaskinportenTokens(URI tokenEndpoint, String clientId, String audience, List<String> scopes, EnterpriseKey key,
                       HttpClient http, Duration timeout, Clock clock) {
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.audience = audience;
        this.scopes = String.join(" ", scopes);
        this.key = key;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    synchronized String token() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        String form = "grant_type=" + URLEncoder.encode("urn:ietf:params:oauth:grant-type:jwt-bearer",
                StandardCharsets.UTF_8) + "&assertion=" + grant(now);
        HttpResponse<String> response = Http.send(http, HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), "Maskinporten");
        if (response.statusCode() != 200) {
            throw new ServiceRegistryUnavailableException("Maskinporten refused a token: HTTP " + response.statusCode()
                    + " " + response.body(), null);
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            token = answer.path("access_token").asText(null);
            if (token == null) {
                throw new ServiceRegistryUnavailableException("Maskinporten's answer has no access_token", null);
            }
            long lifetime = answer.path("expires_in").asLong(GRANT_LIFETIME.toSeconds());
            renewAt = now.plusSeconds(lifetime).minus(RENEW_BEFORE_EXPIRY);
            return token;
        } catch (IOException e) {
            throw new ServiceRegistryUnavailableException("Maskinporten's answer is not JSON: " + e.getMessage(), e);
        }
    }

    private String grant(Instant now) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .x509CertChain(List.of(com.nimbusds.jose.util.Base64.encode(key.certificate().getEncoded())))
                    .build(),
                    new JWTClaimsSet.Builder()
                            .issuer(clientId)
                            .audience(audience)
                            .claim("scope", scopes)
                            .issueTime(Date.from(now))
                            .expirationTime(Date.from(now.plus(GRANT_LIFETIME)))
                            .jwtID(UUID.randomUUID().toString())
                            .build());
            jwt.sign(new RSASSASigner(key.privateKey()));
            return jwt.serialize();
        } catch (JOSEException | CertificateEncodingException e) {
            throw new IllegalStateException("Could not sign a Maskinporten grant with our key: " + e.getMessage(), e);
        }
    }
}
