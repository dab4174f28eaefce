package no.dpe.tracker.app.admin;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@link ReadModelVerificationApiTest} with the live read models on PostgreSQL: the scratch copy is H2 whatever the
 * live store, so the rows must compare equal across the two databases' types.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class ReadModelVerificationOnPostgresTest extends ReadModelVerificationApiTest {
}
