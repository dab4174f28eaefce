package no.dpe.tracker.app.eventstore;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.ConnectionWrapperFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Connections for Axon's JDBC components: the current Spring transaction's, or a pooled one outside a transaction,
 * as Axon's {@code SpringDataSourceConnectionProvider} gives them, except that a connection already closed is never
 * closed again.
 *
 * <p>Why: Axon's {@code UnitOfWorkAwareConnectionProviderWrapper} closes the unit of work's connection in the unit's
 * clean-up, after the Spring transaction has committed and handed that connection back to HikariCP. Closed a second
 * time, HikariCP's connection proxy clears the list of open statements of its pool entry, a list it shares with
 * whoever has borrowed the connection since: another thread, in the middle of preparing a statement. The bench saw
 * that once in about eight runs of 64 client threads, as an {@code ArrayIndexOutOfBoundsException} in HikariCP's
 * {@code FastList} failing a command; less visibly, the other thread's statements were no longer closed with its
 * connection.
 */
final class TransactionConnections implements ConnectionProvider {

    private final DataSource dataSource;
    private final ConnectionWrapperFactory.ConnectionCloseHandler closeOnce;

    TransactionConnections(DataSource dataSource) {
        this.dataSource = dataSource;
        this.closeOnce = new ConnectionWrapperFactory.ConnectionCloseHandler() {
            @Override
            public void close(Connection delegate) {
                if (!isClosed(delegate)) {
                    DataSourceUtils.releaseConnection(delegate, dataSource);
                }
            }

            @Override
            public void commit(Connection delegate) throws SQLException {
                if (!DataSourceUtils.isConnectionTransactional(delegate, dataSource)) {
                    delegate.commit();
                }
            }
        };
    }

    @Override
    public Connection getConnection() throws SQLException {
        return ConnectionWrapperFactory.wrap(DataSourceUtils.doGetConnection(dataSource), closeOnce);
    }

    private static boolean isClosed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return false;
        }
    }
}
