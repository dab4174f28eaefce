package no.dpe.tracker.app;

import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.ObjectNode;
import no.dpe.tracker.core.sbd.Examples;
import no.dpe.tracker.core.sbd.Sbd;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Base of the tests that drive the running tracker over HTTP: one application on H2 (file) in a data
 * directory of its own, shared by every test class that extends this one so Spring starts it once.
 */
@SpringBootTest(classes = TrackerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient(timeout = "PT30S")
@ExtendWith(ThreadsOnTimeout.class)
public abstract class TrackerTest {

    protected static final Path DATA_DIR = Path.of("target", "test-data", UUID.randomUUID().toString())
            .toAbsolutePath();
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    @Autowired
    private WebTestClient client;

    /** The fagsystem's client (role FAGSYSTEM), the one most tests use. */
    protected WebTestClient http;

    @BeforeEach
    void fagsystemByDefault() {
        http = as(User.FAGSYSTEM);
    }

    /** The embedded default's users (application.yml, dpe.tracker.security.users), one per role. */
    protected enum User {
        FAGSYSTEM("fagsystem", "fagsystem-password"),
        SUPPORT("support", "support-password"),
        AUDITOR("auditor", "auditor-password"),
        ADMIN("admin", "admin-password");

        public final String username;
        public final String password;

        User(String username, String password) {
            this.username = username;
            this.password = password;
        }
    }

    /** A client that authenticates with HTTP Basic as {@code user}. */
    protected WebTestClient as(User user) {
        return client.mutate().defaultHeaders(headers -> headers.setBasicAuth(user.username, user.password)).build();
    }

    /** A client that sends no credentials. */
    protected WebTestClient anonymous() {
        return client;
    }

    @DynamicPropertySource
    static void trackerSettings(DynamicPropertyRegistry registry) {
        registry.add("dpe.tracker.data-dir", DATA_DIR::toString);
        registry.add("dpe.tracker.deadline-poll-interval", () -> "PT0.2S");
        // the tests' webhook subscribers listen on loopback
        registry.add("dpe.tracker.webhooks.allowed-hosts", () -> "127.0.0.1");
    }

    /** An example document with fresh ids and a deadline in the future, so tests never collide. */
    public static Sbd fresh(String example) {
        String messageId = UUID.randomUUID().toString();
        String conversationId = UUID.randomUUID().toString();
        return Examples.sbd(example, root -> {
            ObjectNode header = (ObjectNode) root.path("standardBusinessDocumentHeader");
            if (header.path("sender").path(0).path("identifier").path("value").asText().startsWith("0192:9100")) {
                // the møte example is sent by another agency; this tracker sends as 986252932
                header.remove("sender");
            }
            ((ObjectNode) header.path("documentIdentification")).put("instanceIdentifier", messageId);
            ObjectNode scope = (ObjectNode) header.path("businessScope").path("scope").path(0);
            scope.put("instanceIdentifier", conversationId);
            scope.putArray("scopeInformation").addObject().put("expectedResponseDateTime",
                    OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).withNano(0).toString());
        });
    }
}
