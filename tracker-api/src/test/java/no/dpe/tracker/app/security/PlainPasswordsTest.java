package no.dpe.tracker.app.security;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import no.dpe.tracker.app.TrackerApplication;
import no.dpe.tracker.packaging.Keystores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The embedded default's plain-text passwords do not reach the real DPE network unless the operator says so. */
class PlainPasswordsTest {

    static final SecurityProperties.User PLAIN = new SecurityProperties.User("fagsystem",
            "{noop}fagsystem-password", List.of(Role.FAGSYSTEM));
    static final SecurityProperties.User HASHED = new SecurityProperties.User("support",
            "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z1Q0Z3JZ6Z0Z0Z0Z0Z0Z0Z0Z", List.of(Role.SUPPORT));

    @TempDir
    Path dir;

    static SecurityProperties users(boolean allowPlain, SecurityProperties.User... users) {
        return new SecurityProperties(List.of(users), "roles", allowPlain, null);
    }

    @Test
    void plain_passwords_are_refused_on_a_real_service_bus_naming_the_users() {
        assertThatThrownBy(() -> PlainPasswords.check(users(false, PLAIN, HASHED), true, false))
                .isInstanceOf(PlainPasswords.PlainPasswordsException.class)
                .hasMessageStartingWith("dpe.tracker.security.users fagsystem have plain-text ({noop}) passwords");
    }

    @Test
    void plain_passwords_are_taken_on_a_development_bus_with_jwts_or_when_the_operator_allows_them() {
        assertThatCode(() -> PlainPasswords.check(users(false, PLAIN), false, false)).doesNotThrowAnyException();
        assertThatCode(() -> PlainPasswords.check(users(false, PLAIN), true, true)).doesNotThrowAnyException();
        assertThatCode(() -> PlainPasswords.check(users(true, PLAIN), true, false)).doesNotThrowAnyException();
        assertThatCode(() -> PlainPasswords.check(users(false, HASHED), true, false)).doesNotThrowAnyException();
    }

    @Test
    void the_embedded_default_users_stop_the_start_up_against_a_real_namespace_with_one_line() {
        Path keystore = dir.resolve("virksomhetssertifikat.p12");
        Keystores.loadOrGenerate(keystore, "changeit", "us", "986252932", "Agency", Instant.now());

        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(TrackerApplication.class).run(
                "--server.port=0",
                "--dpe.tracker.data-dir=" + dir,
                "--dpe.tracker.keystore.path=" + keystore,
                "--dpe.tracker.keystore.password=changeit",
                "--dpe.tracker.keystore.alias=us",
                "--dpe.tracker.service-registry.url=http://127.0.0.1:9/",
                "--dpe.tracker.servicebus.connection-string=Endpoint=sb://efm-dpe-qa.servicebus.windows.net/;"
                        + "SharedAccessKeyName=MoveDPE-pilotPolicy;SharedAccessKey=not-a-key").close());

        FailureAnalysis analysis = new PlainPasswordsFailureAnalyzer().analyze(failure);
        assertThat(analysis).as("the start-up fails for the users' passwords: %s", failure).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("dpe.tracker.security.users fagsystem, support, auditor, "
                + "admin have plain-text ({noop}) passwords, and a real Service Bus is configured");
        assertThat(analysis.getAction()).contains("{bcrypt}").contains("dpe.tracker.security.allow-plain-passwords");
    }
}
