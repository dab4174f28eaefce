package no.dpe.tracker.app.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Remembers, for a while, that a password was checked against a stored hash and matched, so that a client sending
 * the same HTTP Basic credentials with every request pays for bcrypt once per {@code remember} rather than once per
 * request (bcrypt at cost 10 is tens of milliseconds of CPU on purpose; a lookup is about one millisecond).
 *
 * <p>What is remembered is, per stored hash (so per user), an HMAC of the password that matched under a key made at
 * random when the application starts, never the password itself. Only a match is remembered: a wrong password still
 * goes through bcrypt and, before that, the login throttle. Changing a user's password changes its stored hash, so
 * the old password is not remembered for it. Plain ({noop}) passwords are compared as they are: nothing to save.
 */
final class VerifiedPasswords implements PasswordEncoder {

    private static final String HMAC = "HmacSHA256";

    private final PasswordEncoder encoder;
    private final Duration remember;
    private final Clock clock;
    private final SecretKeySpec key;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    private record Verified(byte[] digest, Instant until) {
    }

    VerifiedPasswords(PasswordEncoder encoder, Duration remember, Clock clock) {
        this.encoder = encoder;
        this.remember = remember;
        this.clock = clock;
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, HMAC);
    }

    @Override
    public String encode(CharSequence rawPassword) {
        return encoder.encode(rawPassword);
    }

    @Override
    public boolean matches(CharSequence rawPassword, String encodedPassword) {
        if (rawPassword == null || encodedPassword == null || encodedPassword.startsWith("{noop}")) {
            return encoder.matches(rawPassword, encodedPassword);
        }
        byte[] digest = digest(rawPassword);
        Verified known = verified.get(encodedPassword);
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.until()) && MessageDigest.isEqual(known.digest(), digest)) {
            return true;
        }
        boolean matches = encoder.matches(rawPassword, encodedPassword);
        if (matches) {
            verified.put(encodedPassword, new Verified(digest, now.plus(remember)));
        }
        return matches;
    }

    /**
     * Never: Spring's authentication manager re-hashes a password whose encoding is not the newest after every
     * successful login, to store the result; with users from configuration there is nowhere to store it, so every
     * request with a {noop} password paid a bcrypt hash (the bench once measured lookups at p50 73 ms so).
     */
    @Override
    public boolean upgradeEncoding(String encodedPassword) {
        return false;
    }

    private byte[] digest(CharSequence rawPassword) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac.doFinal(rawPassword.toString().getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is in every JDK", e);
        }
    }
}
