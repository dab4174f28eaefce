package no.dpe.tracker.packaging;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The enterprise keystore: generated once and kept, and each way a configured one can be wrong, in one line. */
class KeystoresTest {

    static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_generated_key_is_kept_across_restarts_and_names_the_organisation() {
        Path path = dir.resolve("keys").resolve("tracker.p12");

        EnterpriseKey first = Keystores.loadOrGenerate(path, "secret", "tracker", "986252932", "Agency", NOW);
        EnterpriseKey again = Keystores.loadOrGenerate(path, "secret", "tracker", "986252932", "Agency", NOW);

        assertThat(again.certificate()).isEqualTo(first.certificate());
        assertThat(Certificates.organisationNumber(first.certificate())).isEqualTo("986252932");
        assertThat(Certificates.signer(first.certificate()).subject()).contains("NTRNO-986252932");
    }

    @Test
    void a_missing_keystore_says_so() {
        assertThatThrownBy(() -> Keystores.load(dir.resolve("none.p12"), null, "secret", "a", null, NOW))
                .isInstanceOf(KeystoreException.class)
                .hasMessage("The keystore " + dir.resolve("none.p12") + " does not exist");
    }

    @Test
    void a_wrong_password_says_the_keystore_cannot_be_read() {
        Path path = dir.resolve("tracker.p12");
        Keystores.generate(path, "secret", "tracker", "986252932", "Agency", NOW);

        assertThatThrownBy(() -> Keystores.load(path, null, "wrong", "tracker", null, NOW))
                .isInstanceOf(KeystoreException.class)
                .hasMessageStartingWith("The keystore " + path + " cannot be read as PKCS12");
    }

    @Test
    void an_alias_the_keystore_lacks_says_which() {
        Path path = dir.resolve("tracker.p12");
        Keystores.generate(path, "secret", "tracker", "986252932", "Agency", NOW);

        assertThatThrownBy(() -> Keystores.load(path, null, "secret", "other", null, NOW))
                .isInstanceOf(KeystoreException.class)
                .hasMessage("The keystore " + path + " has no key under the alias 'other'");
    }

    @Test
    void an_expired_certificate_says_when_it_expired() {
        Path path = dir.resolve("tracker.p12");
        Keystores.generate(path, "secret", "tracker", "986252932", "Agency", NOW);
        EnterpriseKey key = Keystores.load(path, null, "secret", "tracker", null, NOW);
        Instant later = key.certificate().getNotAfter().toInstant().plus(Duration.ofDays(1));

        assertThatThrownBy(() -> Keystores.load(path, null, "secret", "tracker", null, later))
                .isInstanceOf(KeystoreException.class)
                .hasMessageContaining("expired on " + key.certificate().getNotAfter().toInstant());
        assertThat(Files.exists(path)).isTrue();
    }
}
