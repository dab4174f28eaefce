package no.dpe.tracker.app.eventstore;

import java.sql.SQLException;

import org.junit.jupiter.api.Tag;

/**
 * The event-store contract on PostgreSQL (./mvnw -Ppostgres verify), each test in a database of its own
 * ({@link TestPostgres}).
 */
@Tag("postgres")
class PostgresEventStoreTest extends EventStoreContractTest {

    private String databaseName;

    @Override
    protected String createEmptyDatabase() throws SQLException {
        databaseName = TestPostgres.createDatabase();
        return TestPostgres.url(databaseName);
    }

    @Override
    protected void dropDatabase() throws SQLException {
        if (databaseName != null) {
            TestPostgres.dropDatabase(databaseName);
        }
    }

    @Override
    protected String username() {
        return TestPostgres.USER;
    }
}
