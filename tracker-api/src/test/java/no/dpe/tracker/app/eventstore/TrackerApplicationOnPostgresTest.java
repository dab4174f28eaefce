package no.dpe.tracker.app.eventstore;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The application with the postgres profile, on a database of its own ({@link TestPostgres}) in place of the
 * profile's dpe_tracker.
 */
@Tag("postgres")
@ActiveProfiles("postgres")
@Import(TrackerApplicationOnPostgresTest.DatabaseOfItsOwn.class)
class TrackerApplicationOnPostgresTest extends TrackerApplicationTest {

    /**
     * The database lives exactly as long as the application: it is dropped when the connection pool closes,
     * which is after Axon's processors have stopped.
     */
    @TestConfiguration
    static class DatabaseOfItsOwn {

        @Bean
        HikariDataSource dataSource() throws SQLException {
            String name = TestPostgres.createDatabase();
            HikariDataSource dataSource = new HikariDataSource() {
                @Override
                public void close() {
                    super.close();
                    try {
                        TestPostgres.dropDatabase(name);
                    } catch (SQLException e) {
                        throw new IllegalStateException("could not drop " + name, e);
                    }
                }
            };
            dataSource.setJdbcUrl(TestPostgres.url(name));
            dataSource.setUsername(TestPostgres.USER);
            return dataSource;
        }
    }
}
