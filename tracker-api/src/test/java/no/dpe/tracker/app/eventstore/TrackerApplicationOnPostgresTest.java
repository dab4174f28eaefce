package no.dpe.tracker.app.eventstore;

import java.nio.file.Path;
import java.util.UUID;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The application with the postgres profile, on a database of its own.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class TrackerApplicationOnPostgresTest extends TrackerApplicationTest {

    /** The keys the embedded default makes go under target/, not into the module's own ./data. */
    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("dpe.tracker.data-dir", () -> Path.of("target", "test-data", UUID.randomUUID().toString())
                .toAbsolutePath().toString());
    }
}
