package no.dpe.tracker.app.keys;

import java.nio.file.Path;

import no.dpe.tracker.app.TrackerApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A keystore the tracker cannot use stops the start-up, with one line that says what is wrong with it. */
class KeystoreStartupTest {

    @TempDir
    Path dir;

    private FailureAnalysis startWith(String... settings) {
        String[] args = new String[settings.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--dpe.tracker.data-dir=" + dir;
        System.arraycopy(settings, 0, args, 2, settings.length);
        Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(TrackerApplication.class).run(args)
                .close());
        assertThat(failure).as("the start-up fails").isNotNull();
        return new KeystoreFailureAnalyzer().analyze(failure);
    }

    @Test
    void a_configured_keystore_that_is_missing_stops_the_start_up_saying_so() {
        Path missing = dir.resolve("virksomhetssertifikat.p12");

        FailureAnalysis analysis = startWith("--dpe.tracker.keystore.path=" + missing);

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).isEqualTo("The keystore " + missing + " does not exist");
        assertThat(analysis.getAction()).contains("dpe.tracker.keystore.path");
    }

    @Test
    void a_real_namespace_without_a_keystore_stops_the_start_up_rather_than_making_a_key_up() {
        FailureAnalysis analysis = startWith(
                "--dpe.tracker.servicebus.connection-string=Endpoint=sb://efm-dpe-qa.servicebus.windows.net/;"
                        + "SharedAccessKeyName=MoveDPE-pilotPolicy;SharedAccessKey=not-a-key");

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription()).startsWith("dpe.tracker.keystore.path is not set");
    }
}
