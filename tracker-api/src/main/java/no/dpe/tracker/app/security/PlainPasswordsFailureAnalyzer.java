package no.dpe.tracker.app.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Users with plain-text passwords on a real Service Bus end the start-up with one line saying so. */
class PlainPasswordsFailureAnalyzer extends AbstractFailureAnalyzer<PlainPasswords.PlainPasswordsException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PlainPasswords.PlainPasswordsException cause) {
        return new FailureAnalysis(cause.getMessage(), "Give each user a {bcrypt} password (htpasswd -nbBC 10 name "
                + "secret), or authenticate with JWTs (spring.security.oauth2.resourceserver.jwt.issuer-uri), or set "
                + "dpe.tracker.security.allow-plain-passwords=true to run with them anyway.", cause);
    }
}
