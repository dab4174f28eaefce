package no.dpe.tracker.app.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import no.dpe.tracker.app.TrackerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The application as it starts by default: H2 in a file under dpe.tracker.data-dir. */
class TrackerApplicationOnH2Test extends TrackerApplicationTest {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("dpe.tracker.data-dir", () -> dataDir.toString());
    }

    @Test
    void theEmbeddedDatabaseIsAFileInTheConfiguredDataDirectory() {
        assertThat(context.getBean(TrackerProperties.class).dataDir()).isEqualTo(dataDir);
        assertThat(Files.exists(dataDir.resolve("tracker.mv.db"))).isTrue();
    }
}
