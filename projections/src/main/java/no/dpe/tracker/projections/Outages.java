package no.dpe.tracker.projections;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.concurrent.TimeoutException;

import org.axonframework.common.AxonTransientException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * Tells a failure that says nothing about the event being handled (the database out of reach, a clash with another
 * writer of the same conversation) from one the event itself causes. The first kind is waited out and tried again;
 * only the second may park an event as a dead letter. (The transport judges its own failures: see the application's
 * dead-letter policy.)
 */
public final class Outages {

    private Outages() {
    }

    /** True when the failure, or anything it was caused by, is an outage or a clash rather than the event's fault. */
    public static boolean isOutage(Throwable failure) {
        for (Throwable cause = failure; cause != null && cause.getCause() != cause; cause = cause.getCause()) {
            if (isOutageItself(cause)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOutageItself(Throwable cause) {
        return cause instanceof TransientDataAccessException
                || cause instanceof RecoverableDataAccessException
                // Spring counts a refused connection as non-transient; for us the database is simply down
                || cause instanceof DataAccessResourceFailureException
                || cause instanceof CannotCreateTransactionException
                // a commit or rollback that failed: the database did not end the transaction, whatever ran in it.
                // Once a statement fails on a session the server ended, HikariCP takes the connection away and the
                // rollback fails with a bare "Connection is closed" (no SQLSTATE), which Spring's TransactionTemplate
                // throws in place of the statement's failure
                || cause instanceof TransactionSystemException
                || cause instanceof SQLTransientException
                || cause instanceof SQLRecoverableException
                || (cause instanceof SQLException sql && isConnectionState(sql.getSQLState()))
                || cause instanceof ConcurrencyException
                || cause instanceof AggregateStreamCreationException
                || cause instanceof AxonTransientException
                // not IOException as a whole: Jackson's parse errors are IOExceptions, and they are the event's
                || cause instanceof SocketException
                || cause instanceof SocketTimeoutException
                || cause instanceof UnknownHostException
                || cause instanceof TimeoutException;
    }

    /**
     * SQLSTATE classes that say the connection, not the statement, failed: 08 (connection exception), 57P (PostgreSQL
     * shutting down or not yet accepting), 53 (insufficient resources), and H2's 90067 / 90098 (connection broken,
     * database closed).
     */
    private static boolean isConnectionState(String state) {
        return state != null && (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || state.equals("90067") || state.equals("90098"));
    }
}
