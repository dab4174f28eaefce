package no.dpe.tracker.app.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import no.dpe.tracker.core.sbd.DocumentType;
import no.dpe.tracker.core.sbd.DpeProcess;
import no.dpe.tracker.gateway.Mode;
import no.dpe.tracker.gateway.registry.ReceiverUnknownException;
import no.dpe.tracker.gateway.registry.ServiceRecord;
import no.dpe.tracker.gateway.registry.ServiceRegistryUnavailableException;
import no.dpe.tracker.packaging.EnterpriseKey;
import no.dpe.tracker.packaging.Keystores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service registry client against a registry over real HTTP on loopback: records, JWS-signed answers, an outage,
 * and Maskinporten's JWT grant against a token endpoint that checks the grant's signature.
 */
class ServiceRegistryTest {

    static final String AGENCY = "986252932";
    static final String EINNSYN = "991825827";
    static final String JOURNALPOST = DpeProcess.JOURNALPOST.identifier();
    static final String PUBLISERING = DocumentType.PUBLISERING.standard();
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    @TempDir
    static Path keys;
    static EnterpriseKey agency;
    static EnterpriseKey einnsyn;
    static EnterpriseKey registryKey;
    static EnterpriseKey impostor;

    final HttpClient http = HttpClient.newHttpClient();
    final List<AutoCloseable> running = new ArrayList<>();

    @BeforeAll
    static void keys() {
        Instant now = Instant.now();
        agency = Keystores.loadOrGenerate(keys.resolve("agency.p12"), "pw", "a", AGENCY, "Agency", now);
        einnsyn = Keystores.loadOrGenerate(keys.resolve("einnsyn.p12"), "pw", "e", EINNSYN, "eInnsyn", now);
        registryKey = Keystores.loadOrGenerate(keys.resolve("registry.p12"), "pw", "r", "974760673", "Registry", now);
        impostor = Keystores.loadOrGenerate(keys.resolve("impostor.p12"), "pw", "i", "889640782", "Impostor", now);
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : running) {
            closeable.close();
        }
    }

    ServiceRegistryStandIn registry(EnterpriseKey signingKey, java.util.function.Predicate<String> authorization) {
        ServiceRegistryStandIn registry = new ServiceRegistryStandIn(signingKey, authorization)
                .listensOn(EINNSYN, "eInnsyn", Mode.DATA, einnsyn.certificate())
                .listensOn(EINNSYN, "eInnsyn", Mode.MEETING, einnsyn.certificate())
                .start();
        running.add(registry);
        return registry;
    }

    HttpServiceRegistry client(URI url, URI jwkSet, MaskinportenTokens tokens, Duration cacheTtl) {
        return new HttpServiceRegistry(URI.create(url + "/"), jwkSet, tokens, http, TIMEOUT, cacheTtl,
                Clock.systemUTC());
    }

    @Test
    void a_receivers_record_names_its_queue_suffix_and_its_certificate() {
        ServiceRegistryStandIn registry = registry(null, header -> true);

        ServiceRecord record = client(registry.url(), null, null, Duration.ofMinutes(5))
                .dpeRecord(EINNSYN, DpeProcess.MEETING.identifier(), PUBLISERING);

        assertThat(record.queueSuffix()).isEqualTo("meeting");
        assertThat(record.certificate()).isEqualTo(einnsyn.certificate());
    }

    @Test
    void a_receiver_the_registry_does_not_know_or_knows_without_the_process_is_unknown() {
        HttpServiceRegistry client = client(registry(null, header -> true).url(), null, null, Duration.ofMinutes(5));

        assertThatThrownBy(() -> client.dpeRecord("910077473", JOURNALPOST, PUBLISERING))
                .isInstanceOf(ReceiverUnknownException.class).hasMessageContaining("does not know 910077473");
        assertThatThrownBy(() -> client.dpeRecord(EINNSYN, DpeProcess.INNSYNSKRAV.identifier(),
                DocumentType.INNSYNSKRAV.standard()))
                .isInstanceOf(ReceiverUnknownException.class);
        assertThatThrownBy(() -> client.dpeRecord(EINNSYN, JOURNALPOST, DocumentType.INNSYNSKRAV.standard()))
                .isInstanceOf(ReceiverUnknownException.class).hasMessageContaining("without DPE");
    }

    @Test
    void signed_answers_are_taken_when_they_verify_against_the_registrys_jwk_set() {
        ServiceRegistryStandIn registry = registry(registryKey, header -> true);

        ServiceRecord record = client(registry.url(), URI.create(registry.url() + "/jwk"), null, Duration.ofMinutes(5))
                .dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING);

        assertThat(record.queueSuffix()).isEqualTo("data");
    }

    @Test
    void an_answer_signed_by_a_key_outside_the_jwk_set_is_not_trusted() {
        ServiceRegistryStandIn forger = registry(impostor, header -> true);
        ServiceRegistryStandIn genuine = registry(registryKey, header -> true);

        assertThatThrownBy(() -> client(forger.url(), URI.create(genuine.url() + "/jwk"), null, Duration.ofMinutes(5))
                .dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING))
                .isInstanceOf(ServiceRegistryUnavailableException.class).hasMessageContaining("not signed by a key");
    }

    @Test
    void a_plain_answer_is_not_trusted_when_signed_answers_are_required() {
        ServiceRegistryStandIn plain = registry(null, header -> true);
        ServiceRegistryStandIn genuine = registry(registryKey, header -> true);

        assertThatThrownBy(() -> client(plain.url(), URI.create(genuine.url() + "/jwk"), null, Duration.ofMinutes(5))
                .dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING))
                .isInstanceOf(ServiceRegistryUnavailableException.class).hasMessageContaining("not signed");
    }

    @Test
    void while_the_registry_is_down_a_receiver_known_before_is_still_found_and_an_unknown_one_is_unavailable() {
        ServiceRegistryStandIn registry = registry(null, header -> true);
        HttpServiceRegistry client = client(registry.url(), null, null, Duration.ZERO);
        ServiceRecord before = client.dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING);

        registry.answering(false);

        assertThat(client.dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING)).isEqualTo(before);
        assertThat(registry.requests("/identifier/" + EINNSYN + "/process/" + JOURNALPOST)).isEqualTo(2);
        assertThatThrownBy(() -> client.dpeRecord(EINNSYN, DpeProcess.MEETING.identifier(), PUBLISERING))
                .isInstanceOf(ServiceRegistryUnavailableException.class).hasMessageContaining("HTTP 503");
    }

    @Test
    void calls_carry_a_maskinporten_token_got_with_a_grant_signed_by_our_enterprise_key() throws Exception {
        Map<String, Object> grant = new HashMap<>();
        AtomicInteger tokensIssued = new AtomicInteger();
        HttpServer maskinporten = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        maskinporten.createContext("/token", exchange -> {
            Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            int status = 400;
            String body = "{\"error\":\"invalid_grant\"}";
            try {
                SignedJWT jwt = SignedJWT.parse(form.get("assertion"));
                boolean signedByAgency = jwt.verify(new RSASSAVerifier((RSAPublicKey) agency.certificate().getPublicKey()));
                if ("urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type")) && signedByAgency) {
                    grant.putAll(jwt.getJWTClaimsSet().getClaims());
                    grant.put("x5c", jwt.getHeader().getX509CertChain().get(0).toString());
                    grant.put("alg", jwt.getHeader().getAlgorithm().getName());
                    status = 200;
                    body = "{\"access_token\":\"token-" + tokensIssued.incrementAndGet() + "\",\"expires_in\":120}";
                }
            } catch (Exception e) {
                body = "{\"error\":\"" + e.getClass().getSimpleName() + "\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        maskinporten.start();
        running.add(() -> maskinporten.stop(0));
        ServiceRegistryStandIn registry = registry(null, "Bearer token-1"::equals);
        MaskinportenTokens tokens = new MaskinportenTokens(
                URI.create("http://127.0.0.1:" + maskinporten.getAddress().getPort() + "/token"), "MOVE_IP_" + AGENCY,
                "https://maskinporten.no/", List.of("eformidling:dpe"), agency, http, TIMEOUT, Clock.systemUTC());
        HttpServiceRegistry client = client(registry.url(), null, tokens, Duration.ZERO);

        client.dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING);
        client.dpeRecord(EINNSYN, DpeProcess.MEETING.identifier(), PUBLISERING);

        assertThat(tokensIssued).as("the token is reused until shortly before it expires").hasValue(1);
        assertThat(grant).containsEntry("iss", "MOVE_IP_" + AGENCY).containsEntry("scope", "eformidling:dpe")
                .containsEntry("alg", "RS256")
                .containsEntry("x5c", com.nimbusds.jose.util.Base64.encode(agency.certificate().getEncoded())
                        .toString());
        assertThat(grant.get("aud")).isEqualTo(List.of("https://maskinporten.no/"));
        assertThat(((java.util.Date) grant.get("exp")).getTime() - ((java.util.Date) grant.get("iat")).getTime())
                .isEqualTo(120_000);
        assertThat(grant).containsKey("jti");
    }

    @Test
    void a_registry_that_refuses_our_token_is_unavailable() {
        ServiceRegistryStandIn registry = registry(null, header -> false);

        assertThatThrownBy(() -> client(registry.url(), null, null, Duration.ofMinutes(5))
                .dpeRecord(EINNSYN, JOURNALPOST, PUBLISERING))
                .isInstanceOf(ServiceRegistryUnavailableException.class).hasMessageContaining("HTTP 401");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            String[] parts = pair.split("=", 2);
            form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
                    URLDecoder.decode(parts.length > 1 ? parts[1] : "", StandardCharsets.UTF_8));
        }
        return form;
    }
}
