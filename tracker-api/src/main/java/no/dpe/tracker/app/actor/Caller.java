package no.dpe.tracker.app.actor;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import no.dpe.tracker.core.api.Actor;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The authenticated caller an HTTP request's blocking work runs for. Spring Security keeps a WebFlux request's
 * principal in the Reactor context, which the thread that runs the work (and sends its commands) cannot see, so
 * {@code Blocking.call} reads it in the reactive chain and hands it over here for the duration of the work;
 * {@link ActorRequired} then puts it on every command that work sends.
 */
public final class Caller {

    private static final ThreadLocal<Actor> CURRENT = new ThreadLocal<>();

    private Caller() {
    }

    /** Runs {@code work} on this thread as {@code actor}; whatever ran before is restored afterwards. */
    public static <T> T as(Actor actor, Callable<T> work) throws Exception {
        Actor before = CURRENT.get();
        CURRENT.set(actor);
        try {
            return work.call();
        } finally {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        }
    }

    static Optional<Actor> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * The actor an authentication names: the user's name and roles, and for a JWT its subject and client id (never
     * the token itself, nor a password). Empty for an anonymous caller, who can reach nothing that sends a command.
     */
    public static Optional<Actor> of(Authentication authentication) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return Optional.empty();
        }
        String roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(authority -> authority.startsWith("ROLE_"))
                .map(authority -> authority.substring("ROLE_".length()))
                .sorted()
                .collect(Collectors.joining(","));
        String role = roles.isEmpty() ? null : roles;
        if (authentication instanceof JwtAuthenticationToken token) {
            Jwt jwt = token.getToken();
            String clientId = jwt.hasClaim("client_id") ? jwt.getClaimAsString("client_id") : jwt.getClaimAsString("azp");
            return Optional.of(Actor.user(authentication.getName(), role, jwt.getSubject(), clientId));
        }
        return Optional.of(Actor.user(authentication.getName(), role, null, null));
    }
}
