package no.dpe.tracker.app.chain;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** {@link TamperEvidenceTest} on PostgreSQL: bytea, its own ordering of strings, and its own identity values. */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class TamperEvidenceOnPostgresTest extends TamperEvidenceTest {
}
