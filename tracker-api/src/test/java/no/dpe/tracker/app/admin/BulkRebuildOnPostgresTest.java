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

    /** A PL/pgSQL trigger raising SQLSTATE 08006 for the conversation's rows. */
    @Override
    protected void refuseRowsOf(String conversation) {
        jdbc.execute("CREATE FUNCTION outage_for_one_conversation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                + "IF NEW.conversation_id = '" + conversation + "' THEN RAISE EXCEPTION '"
                + OutageFor.MESSAGE.replace("'", "''") + "' USING ERRCODE = '08006'; END IF; RETURN NEW; END $$");
        jdbc.execute("CREATE TRIGGER outage_for_one_conversation BEFORE INSERT OR UPDATE ON message_state "
                + "FOR EACH ROW EXECUTE FUNCTION outage_for_one_conversation()");
    }

    @Override
    protected void endOutage() {
        jdbc.execute("DROP TRIGGER IF EXISTS outage_for_one_conversation ON message_state");
        jdbc.execute("DROP FUNCTION IF EXISTS outage_for_one_conversation()");
    }
}
