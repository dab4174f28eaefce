package no.dpe.tracker.app.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import no.dpe.tracker.gateway.registry.ReceiverUnknownException;
import no.dpe.tracker.gateway.registry.ServiceRecord;
import no.dpe.tracker.gateway.registry.ServiceRegistry;
import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import no.dpe.tracker.packaging.Certificates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of eFormidling's service registry ({@code dpe.tracker.service-registry.*}): {@code GET
 * {url}/identifier/{orgnr}/process/{process}}, and {@code GET {url}/virksert/{orgnr}} for a record without its
 * certificate. With a JWK set configured every answer must be compact JWS that verifies against one of its RSA keys
 * (the real integration point's {@code sign.enable}); a plain or badly signed answer is not trusted. With Maskinporten
 * configured every call carries its access token.
 *
 * <p>Answers are cached for a while (the real one: five minutes). When the registry cannot be asked, or its answer
 * not trusted, the last answer for the receiver is used however old it is: an outage does not stop sending to
 * receivers already known. A receiver the registry does not know is not cached.
 */
final class HttpServiceRegistry implements ServiceRegistry {

    private static final Logger log = LoggerFactory.getLogger(HttpServiceRegistry.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Cached(JsonNode records, Instant fetchedAt) {
    }

    private final URI url;
    private final URI jwkSetUri;
    private final MaskinportenTokens tokens;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration cacheTtl;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Instant lastAnswerAt;
    private volatile Instant lastFailureAt;
    private volatile String lastFailure;
    private volatile JWKSet keys;

    /**
     * @param jwkSetUri null for plain JSON answers
     * @param tokens    null for calls without a Maskinporten token
     */
    HttpServiceRegistry(URI url, URI jwkSetUri, MaskinportenTokens tokens, HttpClient http, Duration timeout,
                        Duration cacheTtl, Clock clock) {
        this.url = url;
        this.jwkSetUri = jwkSetUri;
        this.tokens = tokens;
        this.http = http;
        this.timeout = timeout;
        this.cacheTtl = cacheTtl;
        this.clock = clock;
    }

    @Override
    public ServiceRecord dpeRecord(String organisationNumber, String process, String documentType) {
        String key = organisationNumber + " " + process;
        Cached cached = cache.get(key);
        Instant now = clock.instant();
        JsonNode answer;
        if (cached != null && now.isBefore(cached.fetchedAt().plus(cacheTtl))) {
            answer = cached.records();
        } else {
            try {
                answer = get("identifier/" + segment(organisationNumber) + "/process/" + segment(process))
                        .orElseThrow(() -> new ReceiverUnknownException("The service registry does not know "
                                + organisationNumber + " for the process " + process));
                cache.put(key, new Cached(answer, now));
            } catch (ServiceRegistryUnavailableException e) {
                if (cached == null) {
                    throw e;
                }
                log.warn("Using the service registry's answer of {} for {}: {}", cached.fetchedAt(), key,
                        e.getMessage());
                answer = cached.records();
            }
        }
        return pick(answer, organisationNumber, process, documentType);
    }

    private ServiceRecord pick(JsonNode answer, String organisationNumber, String process, String documentType) {
        for (JsonNode record : answer.path("serviceRecords")) {
            List<String> documentTypes = new ArrayList<>();
            record.path("documentTypes").forEach(type -> documentTypes.add(type.asText()));
            if ("DPE".equals(record.path("service").path("identifier").asText())
                    && process.equals(record.path("process").asText(process))
                    && documentTypes.contains(documentType)) {
                String pem = record.path("pemCertificate").asText("");
                return new ServiceRecord(organisationNumber, process, documentTypes,
                        record.path("service").path("endpointUrl").asText(""),
                        Certificates.fromPem(pem.isBlank() ? virksert(organisationNumber) : pem));
            }
        }
        throw new ReceiverUnknownException("The service registry knows " + organisationNumber
                + " without DPE for the process " + process + " and the document type " + documentType);
    }

    private String virksert(String organisationNumber) {
        return get("virksert/" + segment(organisationNumber)).map(JsonNode::asText)
                .orElseThrow(() -> new ReceiverUnknownException("The service registry has no certificate for "
                        + organisationNumber));
    }

    /**
     * How the last calls went: when the registry last answered, and when and why it last could not be asked.
     *
     * @param lastAnswerAt  null until it has answered
     * @param lastFailureAt null until a call has failed
     */
    record Calls(Instant lastAnswerAt, Instant lastFailureAt, String lastFailure) {

        boolean failingNow() {
            return lastFailureAt != null && (lastAnswerAt == null || lastFailureAt.isAfter(lastAnswerAt));
        }
    }

    Calls calls() {
        return new Calls(lastAnswerAt, lastFailureAt, lastFailure);
    }

    /** The answer (a text answer as a text node); empty for 404. */
    private Optional<JsonNode> get(String path) {
        try {
            Optional<JsonNode> answer = ask(path);
            lastAnswerAt = clock.instant();
            return answer;
        } catch (ServiceRegistryUnavailableException e) {
            lastFailure = e.getMessage();
            lastFailureAt = clock.instant();
            throw e;
        }
    }

    private Optional<JsonNode> ask(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path)).timeout(timeout).GET();
        if (jwkSetUri != null) {
            request.header("Accept", "application/jose, application/json");
        }
        if (tokens != null) {
            request.header("Authorization", "Bearer " + tokens.token());
        }
        HttpResponse<String> response = Http.send(http, request.build(), "The service registry");
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new ServiceRegistryUnavailableException("The service registry answered HTTP "
                    + response.statusCode() + " for " + path + ": " + response.body(), null);
        }
        String body = jwkSetUri != null ? verified(response, path) : response.body();
        boolean json = response.headers().firstValue("Content-Type").orElse("").contains("json")
                || body.stripLeading().startsWith("{");
        try {
            return Optional.of(json ? JSON.readTree(body) : JSON.getNodeFactory().textNode(body));
        } catch (IOException e) {
            throw new ServiceRegistryUnavailableException("The service registry's answer for " + path
                    + " is not JSON: " + e.getMessage(), e);
        }
    }

    /** The payload of a signed answer, once its signature verifies against a key of the JWK set. */
    private String verified(HttpResponse<String> response, String path) {
        if (!response.headers().firstValue("Content-Type").orElse("").contains("application/jose")) {
            throw new ServiceRegistryUnavailableException("The service registry's answer for " + path
                    + " is not signed, and signed answers are required (dpe.tracker.service-registry.jwk-set-uri)",
                    null);
        }
        try {
            JWSObject jws = JWSObject.parse(response.body().trim());
            if (verifies(jws, keys(false)) || verifies(jws, keys(true))) {
                return jws.getPayload().toString();
            }
        } catch (ParseException e) {
            throw new ServiceRegistryUnavailableException("The service registry's answer for " + path
                    + " is not a compact JWS: " + e.getMessage(), e);
        }
        throw new ServiceRegistryUnavailableException("The service registry's answer for " + path
                + " is not signed by a key of " + jwkSetUri, null);
    }

    private static boolean verifies(JWSObject jws, JWKSet keys) {
        for (JWK key : keys.getKeys()) {
            if (key instanceof RSAKey rsa) {
                try {
                    if (jws.verify(new RSASSAVerifier((RSAPublicKey) rsa.toPublicKey()))) {
                        return true;
                    }
                } catch (JOSEException e) {
                    log.debug("Key {} cannot verify an answer: {}", key.getKeyID(), e.getMessage());
                }
            }
        }
        return false;
    }

    /** The registry's keys, fetched again when asked to (an answer signed by a key we had not seen: a new key). */
    private JWKSet keys(boolean refresh) {
        if (keys == null || refresh) {
            HttpResponse<String> response = Http.send(http, HttpRequest.newBuilder(jwkSetUri).timeout(timeout).GET()
                    .build(), "The registry's JWK set");
            if (response.statusCode() != 200) {
                throw new ServiceRegistryUnavailableException("The JWK set " + jwkSetUri + " answered HTTP "
                        + response.statusCode(), null);
            }
            try {
                keys = JWKSet.parse(response.body());
            } catch (ParseException e) {
                throw new ServiceRegistryUnavailableException("The JWK set " + jwkSetUri + " cannot be read: "
                        + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static String segment(String value) {
        // as a URI template encodes a path segment: a colon (in every process identifier) stays as it is
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%3A", ":");
    }
}
