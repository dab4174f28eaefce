package no.dpe.tracker.app.problem;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

import com.zaxxer.hikari.HikariDataSource;
import no.dpe.tracker.app.eventstore.TestPostgres;
import no.dpe.tracker.projections.Outages;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A transaction whose session PostgreSQL ends under it, as a restart does (CI saw one answer of 500 in
 * {@code PostgresRestartUnderLoadIT}). Once a statement fails on a dead session, HikariCP takes the connection away
 * and every later call on it, the rollback included, fails with a bare "Connection is closed" that has no SQLSTATE;
 * Spring's {@link TransactionTemplate} then throws that rollback failure in place of the statement's. What reaches the
 * caller must still read as an outage (answered 503, retried by a processor), whichever of the two it is.
 */
@Tag("postgres")
class TransactionsCutShortOnPostgresTest {

    private String database;
    private HikariDataSource dataSource;
    private JdbcTemplate jdbc;
    private TransactionTemplate transaction;

    @BeforeEach
    void database() throws SQLException {
        database = TestPostgres.createDatabase();
        dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(TestPostgres.url(database));
        dataSource.setUsername(TestPostgres.USER);
        dataSource.setMaximumPoolSize(2);
        jdbc = new JdbcTemplate(dataSource);
        jdbc.execute("CREATE TABLE file_content (sha256 VARCHAR(64) PRIMARY KEY)");
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    @AfterEach
    void drop() throws SQLException {
        dataSource.close();
        TestPostgres.dropDatabase(database);
    }

    @Test
    void a_statement_whose_session_was_ended_fails_as_an_outage_though_its_rollback_fails_too() {
        Throwable failure = catchThrowable(() -> transaction.executeWithoutResult(status -> {
            jdbc.update("INSERT INTO file_content (sha256) VALUES ('a')");
            // the server ends this very session, as a fast shutdown ends every session
            jdbc.queryForObject("SELECT pg_terminate_backend(pg_backend_pid())", Boolean.class);
        }));

        assertThat(failure).as("the rollback's failure, thrown in place of the statement's")
                .isInstanceOf(TransactionSystemException.class);
        assertThat(Outages.isOutage(failure)).as("counted as an outage: " + failure).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM file_content", Long.class)).isZero();
    }

    @Test
    void a_commit_whose_session_was_ended_fails_as_an_outage() {
        Throwable failure = catchThrowable(() -> transaction.executeWithoutResult(status -> {
            int pid = jdbc.queryForObject("SELECT pg_backend_pid()", Integer.class);
            jdbc.update("INSERT INTO file_content (sha256) VALUES ('b')");
            terminate(pid);
        }));

        assertThat(failure).isNotNull();
        assertThat(Outages.isOutage(failure)).as("counted as an outage: " + failure).isTrue();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM file_content", Long.class)).isZero();
    }

    @Test
    void a_statement_that_is_wrong_in_itself_is_no_outage() {
        Throwable failure = catchThrowable(() -> transaction.executeWithoutResult(status ->
                jdbc.update("INSERT INTO file_content (sha256) VALUES (NULL)")));

        assertThat(failure).isNotNull();
        assertThat(Outages.isOutage(failure)).as("not an outage: " + failure).isFalse();
    }

    /** Ends a session from another connection, as the server's shutdown does. */
    private void terminate(int pid) {
        try (Connection other = DriverManager.getConnection(TestPostgres.url(database), TestPostgres.USER, "");
             Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(" + pid + ")");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
