package no.dpe.tracker.app.actor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.core.api.Actor;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With an OAuth2 issuer configured the API takes JWTs, and the events of a bearer's commands name the token's
 * subject and client id beside its principal and roles (ADR 0016); the token itself is never kept.
 */
class WhoDidItWithJwtTest {

    @TempDir
    static Path dataDir;
    static RSAKey issuer;
    static ConfigurableApplicationContext tracker;
    static WebTestClient client;

    @BeforeAll
    static void start() throws Exception {
        issuer = new RSAKeyGenerator(2048).generate();
        Path publicKey = dataDir.resolve("issuer.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(issuer.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        tracker = new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--dpe.tracker.data-dir=" + dataDir.resolve("tracker"),
                "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:" + publicKey);
        client = WebTestClient.bindToServer()
                .baseUrl("http://localhost:" + tracker.getEnvironment().getProperty("local.server.port"))
                .build();
    }

    @AfterAll
    static void stop() {
        if (tracker != null) {
            tracker.close();
        }
    }

    @Test
    void a_bearers_command_records_the_tokens_subject_and_client_id() throws JOSEException {
        Sbd sbd = fresh();
        String token = token("7f1c0a6e-subject", "fagsystem-client", "FAGSYSTEM");
        String auditor = token("auditor-subject", "audit-client", "AUDITOR");
        client.post().uri("/api/messages/out").headers(headers -> headers.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(sbd.toJson())
                .exchange().expectStatus().isOk();

        List<Map<String, Object>> history = client.get()
                .uri("/api/conversations/{id}/events", sbd.conversationId().orElseThrow())
                .headers(headers -> headers.setBearerAuth(auditor))
                .exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { })
                .returnResult().getResponseBody();
        @SuppressWarnings("unchecked")
        Map<String, Object> created = (Map<String, Object>) history.getFirst().get("metadata");
        assertThat(created)
                .containsEntry(Actor.KIND, "user")
                .containsEntry(Actor.NAME, "7f1c0a6e-subject")
                .containsEntry(Actor.ROLE, "FAGSYSTEM")
                .containsEntry(Actor.SUBJECT, "7f1c0a6e-subject")
                .containsEntry(Actor.CLIENT_ID, "fagsystem-client");
        assertThat(created.values()).noneMatch(value -> String.valueOf(value).contains(token));
        assertThat(history.getFirst().get("actor"))
                .isEqualTo("user 7f1c0a6e-subject (FAGSYSTEM), client fagsystem-client");
    }

    private static String token(String subject, String clientId, String role) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("client_id", clientId)
                .claim("roles", List.of(role))
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build());
        jwt.sign(new RSASSASigner(issuer));
        return jwt.serialize();
    }

    private static Sbd fresh() {
        return Examples.sbd(Examples.PUBLISERING_JOURNALPOST, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            ((ObjectNode) header.path("documentIdentification"))
                    .put("instanceIdentifier", UUID.randomUUID().toString());
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", UUID.randomUUID().toString());
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0).toString());
        });
    }
}
