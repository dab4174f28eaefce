package no.dpe.tracker.app;

import java.sql.SQLException;

import com.zaxxer.hikari.HikariDataSource;
import no.dpe.tracker.app.eventstore.TestPostgres;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * For a test application with the postgres profile: a database of its own ({@link TestPostgres}) in place of the
 * profile's dpe_tracker. The database lives exactly as long as the application: it is dropped when the
 * connection pool closes, which is after Axon's processors have stopped.
 */
@TestConfiguration
public class PostgresDatabaseOfItsOwn {

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
        dataSource.setMaximumPoolSize(30);
        // Spring keeps the test applications of a run alive for reuse, and Hikari's default keeps each pool full:
        // six of them at 30 would ask PostgreSQL (100 connections by default) for 180. Idle, each keeps 2.
        dataSource.setMinimumIdle(2);
        dataSource.setIdleTimeout(10_000);
        return dataSource;
    }
}
