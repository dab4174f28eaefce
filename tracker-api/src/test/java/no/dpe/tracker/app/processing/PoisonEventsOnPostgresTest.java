package no.dpe.tracker.app.processing;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** {@link PoisonEventsTest} on PostgreSQL, where a failed statement aborts its whole transaction. */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class PoisonEventsOnPostgresTest extends PoisonEventsTest {
}
