package no.dpe.tracker.app.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing a password: after {@code freeFailures} failed logins in a row for one user name from one
 * address, that pair may not try again for a while, one second at first and twice as long after each further
 * failure, up to {@code longestWait} (refused attempts are not checked and count for nothing); a successful login ends it. Keyed by user name and address together, so that a
 * guesser elsewhere cannot lock the fagsystem out. Kept in memory, per node: a guesser spreading over many
 * addresses or nodes is slowed less, and a restart forgets.
 */
final class LoginThrottle {

    private static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(30);
    private static final int MOST_REMEMBERED = 10_000;

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final int freeFailures;
    private final Duration longestWait;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    LoginThrottle(int freeFailures, Duration longestWait, Clock clock) {
        this.freeFailures = freeFailures;
        this.longestWait = longestWait;
        this.clock = clock;
    }

    /** How long the user may not try from this address; zero when it may. */
    Duration wait(String user, String address) {
        Failures seen = failures.get(key(user, address));
        if (seen == null || seen.blockedUntil() == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), seen.blockedUntil());
        return left.isNegative() ? Duration.ZERO : left;
    }

    void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MOST_REMEMBERED) {
            failures.values().removeIf(seen -> seen.last().isBefore(now.minus(FORGET_AFTER)));
        }
        failures.compute(key(user, address), (key, seen) -> {
            int count = seen == null || seen.last().isBefore(now.minus(FORGET_AFTER)) ? 1 : seen.count() + 1;
            Instant blockedUntil = count >= freeFailures ? now.plus(waitAfter(count - freeFailures + 1)) : null;
            return new Failures(count, now, blockedUntil);
        });
    }

    void succeeded(String user, String address) {
        failures.remove(key(user, address));
    }

    private Duration waitAfter(int excess) {
        Duration wait = FIRST_WAIT;
        for (int i = 1; i < excess && wait.compareTo(longestWait) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longestWait) > 0 ? longestWait : wait;
    }

    private static String key(String user, String address) {
        return address + " " + user;
    }

    /** The login was not checked: the user must wait before trying again from this address. */
    static final class ThrottledException extends org.springframework.security.core.AuthenticationException {
        private final Duration wait;

        ThrottledException(String user, Duration wait) {
            super("Too many failed logins for " + user + " from this address; try again in " + seconds(wait) + " s");
            this.wait = wait;
        }

        Duration waitFor() {
            return wait;
        }

        static long seconds(Duration wait) {
            return Math.max(1, (wait.toMillis() + 999) / 1000);
        }
    }
}
