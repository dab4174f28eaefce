package no.dpe.tracker.app.eventstore;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application with the postgres profile, on a database of its own.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class TrackerApplicationOnPostgresTest extends TrackerApplicationTest {
}
