package no.dpe.tracker.app.admin;

import no.dpe.tracker.app.PostgresDatabaseOfItsOwn;
import org.junit.jupiter.api.Tag;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * {@link BulkRebuildTest} on PostgreSQL, where concurrent appends leave gaps in the event table's identity that commit
 * late: the token handed over must keep them for the processor.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(PostgresDatabaseOfItsOwn.class)
class BulkRebuildOnPostgresTest extends BulkRebuildTest {
}
