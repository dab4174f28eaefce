package no.dpe.tracker.app.eventstore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A unit of work's connection, as the application wires it (Axon's unit-of-work wrapper over Spring's transaction,
 * HikariCP's pool), with a pool of one connection so that the next borrower is sure to get the same one: whoever
 * borrows it after the transaction has committed, while the unit of work is still finishing, keeps it to itself.
 */
class TransactionConnectionsTest {

    final HikariDataSource pool = pool();
    final SpringTransactionManager transactions = new SpringTransactionManager(new DataSourceTransactionManager(pool));

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void a_connection_borrowed_between_the_commit_and_the_unit_of_works_clean_up_keeps_its_statements() throws Exception {
        PreparedStatement borrowersStatement = borrowBetweenCommitAndCleanUp(
                new UnitOfWorkAwareConnectionProviderWrapper(new TransactionConnections(pool)));

        assertThat(borrowersStatement.isClosed()).as("closed with the borrower's connection").isTrue();
    }

    /**
     * Why {@link TransactionConnections} exists: with Axon's own Spring provider, the unit of work's clean-up closes
     * the connection a second time and so empties the borrower's list of open statements. Should this test fail,
     * Axon or HikariCP no longer do that, and {@link TransactionConnections} may go.
     */
    @Test
    void with_axons_own_spring_provider_the_clean_up_takes_the_borrowers_statements_away() throws Exception {
        PreparedStatement borrowersStatement = borrowBetweenCommitAndCleanUp(
                new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(pool)));

        assertThat(borrowersStatement.isClosed()).as("left open when the borrower closed its connection").isFalse();
        borrowersStatement.close();
    }

    /**
     * Runs a unit of work in a transaction that queries through the provider; after its commit and before its clean-up
     * the pool's only connection is borrowed and a statement prepared on it. Once the unit of work is done, the
     * borrower closes its connection (not the statement, which the pool should close with it). Returns the statement.
     */
    private PreparedStatement borrowBetweenCommitAndCleanUp(ConnectionProvider provider) throws Exception {
        AtomicReference<Connection> borrower = new AtomicReference<>();
        AtomicReference<PreparedStatement> statement = new AtomicReference<>();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(transactions);
        try (PreparedStatement query = provider.getConnection().prepareStatement("SELECT 1");
             ResultSet rs = query.executeQuery()) {
            assertThat(rs.next()).isTrue();
        }
        unitOfWork.afterCommit(u -> {
            try {
                borrower.set(pool.getConnection());
                statement.set(borrower.get().prepareStatement("SELECT 2"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        unitOfWork.commit();

        assertThat(statement.get()).as("borrowed after the commit").isNotNull();
        borrower.get().close();
        return statement.get();
    }

    private static HikariDataSource pool() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        config.setMaximumPoolSize(1);
        config.setConnectionTimeout(2_000);
        return new HikariDataSource(config);
    }
}
