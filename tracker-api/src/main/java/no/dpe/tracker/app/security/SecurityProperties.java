package no.dpe.tracker.app.security;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Who may call the API, bound from {@code dpe.tracker.security.*}; defaults and documentation live in
 * {@code application.yml}.
 *
 * @param users               the users that log in with HTTP Basic (the embedded default; unused when JWTs are on)
 * @param rolesClaim          the JWT claim that lists a caller's roles when an OAuth2 issuer is configured
 * @param allowPlainPasswords run with {noop} passwords although a real Service Bus is configured (see
 *                            {@link PlainPasswords})
 * @param loginThrottle       how failed HTTP Basic logins are slowed down (see {@link LoginThrottle})
 */
@ConfigurationProperties(prefix = "dpe.tracker.security")
public record SecurityProperties(List<User> users, String rolesClaim, boolean allowPlainPasswords,
                                 Throttle loginThrottle) {

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
        loginThrottle = loginThrottle == null ? new Throttle(5, Duration.ofMinutes(5)) : loginThrottle;
        if (rolesClaim == null || rolesClaim.isBlank()) {
            throw new IllegalArgumentException("dpe.tracker.security.roles-claim must be set");
        }
    }

    /**
     * @param freeFailures failed logins in a row before the user must wait to try again from that address
     * @param longestWait  the longest it must wait
     */
    public record Throttle(int freeFailures, Duration longestWait) {

        public Throttle {
            if (freeFailures < 1) {
                throw new IllegalArgumentException("dpe.tracker.security.login-throttle.free-failures must be at "
                        + "least 1, was " + freeFailures);
            }
            if (longestWait == null || longestWait.isNegative() || longestWait.isZero()) {
                throw new IllegalArgumentException("dpe.tracker.security.login-throttle.longest-wait must be "
                        + "positive");
            }
        }
    }

    /**
     * One user.
     *
     * @param password with its encoding in front, as Spring Security stores it: {@code {noop}secret} or
     *                 {@code {bcrypt}$2a$10$...}
     */
    public record User(String name, String password, List<Role> roles) {

        /** "{id}" in front of the password names how it is encoded; without it no password would ever match. */
        private static final Pattern ENCODED = Pattern.compile("^\\{[a-zA-Z0-9-]+}.+");

        public User {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("every dpe.tracker.security.users entry needs a name");
            }
            Objects.requireNonNull(password, "dpe.tracker.security.users: " + name + " has no password");
            if (!ENCODED.matcher(password).matches()) {
                throw new IllegalArgumentException("dpe.tracker.security.users: the password of " + name
                        + " must start with its encoding, {noop} or {bcrypt}");
            }
            if (roles == null || roles.isEmpty()) {
                throw new IllegalArgumentException("dpe.tracker.security.users: " + name + " has no roles");
            }
            roles = List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "User[" + name + ", " + roles + "]";
        }
    }
}
