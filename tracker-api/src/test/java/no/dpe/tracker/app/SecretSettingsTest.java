package no.dpe.tracker.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import no.dpe.tracker.app.keys.KeystoreProperties;
import no.dpe.tracker.app.transport.TransportProperties;
import no.dpe.tracker.packaging.Keystores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A secret setting can come from a file (one per setting, as Docker and Kubernetes mount secrets), and no secret is
 * written to the log, not even at DEBUG, nor shown by the settings' own descriptions.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretSettingsTest {

    static final String KEYSTORE_PASSWORD = "keystore-secret-4f1d9a";
    static final String BUS_KEY = "bus-key-secret-8c2e7b";
    static final String USER_PASSWORD = "user-secret-2b6a0c";

    @TempDir
    Path dir;

    @Test
    void a_keystore_password_from_a_file_opens_the_keystore_and_no_secret_reaches_the_log(CapturedOutput output)
            throws Exception {
        Path keystore = dir.resolve("virksomhetssertifikat.p12");
        Keystores.loadOrGenerate(keystore, KEYSTORE_PASSWORD, "us", "986252932", "Agency", Instant.now());
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(secrets.resolve("dpe.tracker.keystore.password"), KEYSTORE_PASSWORD);

        try (ConfigurableApplicationContext tracker = new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--dpe.tracker.data-dir=" + dir.resolve("data"),
                "--dpe.tracker.secrets-dir=" + secrets + "/",
                "--dpe.tracker.keystore.path=" + keystore,
                "--dpe.tracker.keystore.alias=us",
                "--dpe.tracker.servicebus.embedded.key=" + BUS_KEY,
                "--dpe.tracker.security.users[0].name=fagsystem",
                "--dpe.tracker.security.users[0].password={noop}" + USER_PASSWORD,
                "--dpe.tracker.security.users[0].roles=FAGSYSTEM",
                "--logging.level.no.dpe.tracker=DEBUG")) {
            assertThat(tracker.getBean(KeystoreProperties.class).password()).isEqualTo(KEYSTORE_PASSWORD);
            int port = Integer.parseInt(tracker.getEnvironment().getProperty("local.server.port"));
            WebClient http = WebClient.create("http://localhost:" + port);
            assertThat(http.get().uri("/api/statuses").headers(headers -> headers.setBasicAuth("fagsystem",
                    USER_PASSWORD)).retrieve().toBodilessEntity().block().getStatusCode().value()).isEqualTo(200);
            assertThat(http.get().uri("/api/statuses").headers(headers -> headers.setBasicAuth("fagsystem",
                    "wrong-" + USER_PASSWORD)).exchangeToMono(response -> response.releaseBody()
                    .thenReturn(response.statusCode().value())).block()).isEqualTo(401);

            for (Object settings : List.of(tracker.getBean(KeystoreProperties.class),
                    tracker.getBean(TransportProperties.class))) {
                assertThat(settings.toString()).doesNotContain(KEYSTORE_PASSWORD, BUS_KEY);
            }
        }
        assertThat(output.getAll()).as("the tracker started and logged").contains("Started ")
                .doesNotContain(KEYSTORE_PASSWORD, BUS_KEY, USER_PASSWORD);
    }
}
