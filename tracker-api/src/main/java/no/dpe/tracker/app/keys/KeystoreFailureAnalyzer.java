package no.dpe.tracker.app.keys;

import no.dpe.tracker.packaging.KeystoreException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** A keystore the tracker cannot use ends the start-up with one line saying what is wrong with it, not a trace. */
class KeystoreFailureAnalyzer extends AbstractFailureAnalyzer<KeystoreException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeystoreException cause) {
        return new FailureAnalysis(cause.getMessage(), "Set dpe.tracker.keystore.path, .password and .alias (and "
                + ".key-password where it differs) to the organisation's enterprise certificate.", cause);
    }
}
