package no.dpe.tracker.app.security;

import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * One line once the tracker is up, for whoever started it: where the API and the console are, and who may call it —
 * the configured users by name and role (never their passwords), or that callers bring JWTs.
 */
class ReadyLine implements ApplicationListener<ApplicationReadyEvent> {

    private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

    private final SecurityProperties security;
    private final ObjectProvider<ReactiveJwtDecoder> jwtDecoder;

    ReadyLine(SecurityProperties security, ObjectProvider<ReactiveJwtDecoder> jwtDecoder) {
        this.security = security;
        this.jwtDecoder = jwtDecoder;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        String port = event.getApplicationContext().getEnvironment().getProperty("local.server.port", "?");
        String callers = jwtDecoder.getIfAvailable() != null
                ? "callers bring JWT bearer tokens"
                : "HTTP Basic users " + security.users().stream()
                        .map(user -> user.name() + " (" + user.roles().stream().map(Enum::name)
                                .collect(Collectors.joining(", ")) + ")")
                        .collect(Collectors.joining(", "));
        log.info("dpe-tracker is ready: API at http://localhost:{}/api (OpenAPI at /v3/api-docs), support console at "
                + "http://localhost:{}/console, health at /actuator/health, metrics at /actuator/prometheus (ADMIN); {}",
                port, port, callers);
    }
}
