package no.dpe.tracker.app.security;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the security set-up that the embedded default's application does not run. */
class SecurityConfigurationTest {

    static Jwt jwt(String claim, Object roles) {
        return Jwt.withTokenValue("token").header("alg", "RS256").subject("fagsystem-client")
                .claim(claim, roles).issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60)).build();
    }

    @Test
    void roles_in_a_jwt_claim_become_the_callers_roles() {
        assertThat(SecurityConfiguration.rolesFrom("roles").convert(jwt("roles", List.of("FAGSYSTEM", "SUPPORT")))
                .getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .filteredOn(authority -> authority.startsWith("ROLE_"))
                .containsExactlyInAnyOrder("ROLE_FAGSYSTEM", "ROLE_SUPPORT");
    }

    @Test
    void the_roles_claim_is_configurable_and_may_be_a_space_separated_string() {
        assertThat(SecurityConfiguration.rolesFrom("dpe_roles").convert(jwt("dpe_roles", "AUDITOR ADMIN"))
                .getAuthorities()).extracting(GrantedAuthority::getAuthority)
                .filteredOn(authority -> authority.startsWith("ROLE_"))
                .containsExactlyInAnyOrder("ROLE_AUDITOR", "ROLE_ADMIN");
    }

    @Test
    void a_noop_password_is_checked_as_it_is_and_never_rehashed_with_bcrypt() {
        var encoder = new SecurityConfiguration().passwordEncoder(Clock.systemUTC());

        assertThat(encoder.matches("fagsystem-password", "{noop}fagsystem-password")).isTrue();
        assertThat(encoder.matches("wrong", "{noop}fagsystem-password")).isFalse();
        assertThat(encoder.upgradeEncoding("{noop}fagsystem-password")).isFalse();
    }

    @Test
    void a_configured_password_must_name_its_encoding() {
        assertThatThrownBy(() -> new SecurityProperties.User("fagsystem", "plain", List.of(Role.FAGSYSTEM)))
                .hasMessageContaining("{noop} or {bcrypt}");
        assertThat(new SecurityProperties.User("fagsystem", "{bcrypt}$2a$10$abc", List.of(Role.FAGSYSTEM)).roles())
                .containsExactly(Role.FAGSYSTEM);
    }

    @Test
    void a_user_without_roles_is_refused() {
        assertThatThrownBy(() -> new SecurityProperties.User("nobody", "{noop}x", List.of()))
                .hasMessageContaining("has no roles");
    }
}
