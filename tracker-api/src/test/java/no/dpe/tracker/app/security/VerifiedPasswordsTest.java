package no.dpe.tracker.app.security;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;

/** Remembered password checks, over Spring's real delegating encoder and real bcrypt hashes. */
class VerifiedPasswordsTest {

    static final Duration REMEMBER = Duration.ofMinutes(5);

    final PasswordEncoder real = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    final AtomicInteger checked = new AtomicInteger();
    /** The real encoder, counting the checks that reach it. */
    final PasswordEncoder counting = new PasswordEncoder() {
        @Override
        public String encode(CharSequence rawPassword) {
            return real.encode(rawPassword);
        }

        @Override
        public boolean matches(CharSequence rawPassword, String encodedPassword) {
            checked.incrementAndGet();
            return real.matches(rawPassword, encodedPassword);
        }
    };
    final FailedLoginsTest.MutableClock clock = new FailedLoginsTest.MutableClock();
    final VerifiedPasswords passwords = new VerifiedPasswords(counting, REMEMBER, clock);
    final String stored = real.encode("fagsystem-password");

    @Test
    void a_password_that_matched_is_taken_as_checked_when_it_comes_again() {
        assertThat(stored).startsWith("{bcrypt}");
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();

        assertThat(checked).hasValue(1);
    }

    @Test
    void a_wrong_password_goes_to_bcrypt_every_time_and_is_never_remembered() {
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();

        assertThat(passwords.matches("guess", stored)).isFalse();
        assertThat(passwords.matches("guess", stored)).isFalse();
        assertThat(passwords.matches("fagsystem-password" + "x", stored)).isFalse();
        assertThat(passwords.matches("", stored)).isFalse();

        assertThat(checked).hasValue(5);
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        assertThat(checked).hasValue(5);
    }

    @Test
    void a_remembered_check_lapses_and_bcrypt_checks_again() {
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        clock.advance(REMEMBER.minusSeconds(1));
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        assertThat(checked).hasValue(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        assertThat(checked).hasValue(2);
    }

    @Test
    void a_check_is_remembered_for_the_stored_hash_it_matched_so_a_changed_password_forgets_it() {
        assertThat(passwords.matches("fagsystem-password", stored)).isTrue();
        String changed = real.encode("new-password");

        assertThat(passwords.matches("fagsystem-password", changed)).isFalse();
        assertThat(passwords.matches("new-password", changed)).isTrue();
        assertThat(checked).hasValue(3);
    }

    @Test
    void a_bcrypt_password_is_never_upgraded_either() {
        assertThat(passwords.upgradeEncoding(stored)).isFalse();
    }
}
