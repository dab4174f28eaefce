package no.dpe.tracker.app.security;

import java.util.List;

/**
 * The embedded default's users have plain-text passwords that everyone who has read the README knows. Once the
 * tracker is connected to a real Service Bus (a namespace, or a connection string that is not a development
 * emulator's) it takes part in the real DPE network, and users with {noop} passwords stop the start-up, unless the
 * operator says explicitly that they are wanted ({@code dpe.tracker.security.allow-plain-passwords}). With JWTs,
 * HTTP Basic is off and the users are not used.
 */
final class PlainPasswords {

    private PlainPasswords() {
    }

    /**
     * @param realServiceBus the tracker is connected to a real Service Bus
     * @param jwt            callers authenticate with JWTs, not the configured users
     * @throws PlainPasswordsException naming the users with {noop} passwords, when they may not run
     */
    static void check(SecurityProperties properties, boolean realServiceBus, boolean jwt) {
        if (!realServiceBus || jwt || properties.allowPlainPasswords()) {
            return;
        }
        List<String> plain = properties.users().stream()
                .filter(user -> user.password().startsWith("{noop}"))
                .map(SecurityProperties.User::name)
                .toList();
        if (!plain.isEmpty()) {
            throw new PlainPasswordsException(plain);
        }
    }

    /** Users with plain-text passwords on a tracker that is connected to a real Service Bus. */
    static final class PlainPasswordsException extends RuntimeException {
        PlainPasswordsException(List<String> users) {
            super("dpe.tracker.security.users " + String.join(", ", users) + " have plain-text ({noop}) passwords, "
                    + "and a real Service Bus is configured");
        }
    }
}
