package no.dpe.tracker.projections;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.sql.DataSource;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;

/** Small helpers for the read models' SQL, which must read the same on H2 and PostgreSQL. */
public final class Sql {

    private Sql() {
    }

    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    /** The number a {@code SELECT COUNT(*)} answers. */
    public static long count(JdbcTemplate jdbc, String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    /**
     * Runs the work inside a savepoint of the current transaction, so that its failure undoes only its own statements
     * and leaves the transaction usable (on PostgreSQL a failed statement otherwise aborts the whole transaction).
     * Outside a transaction the work simply runs. When the work fails, its failure is what is thrown, whether or not
     * the rollback to the savepoint succeeds.
     */
    public static void inSavepoint(DataSource dataSource, Runnable work) {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            if (connection.getAutoCommit()) {
                work.run();
                return;
            }
            Savepoint savepoint = connection.setSavepoint();
            try {
                work.run();
            } catch (RuntimeException failure) {
                try {
                    connection.rollback(savepoint);
                } catch (SQLException rollbackFailed) {
                    // the work's failure says why, the rollback's does not: after a connection failure (SQLSTATE 08)
                    // HikariCP has closed the connection, and the rollback fails with a bare "Connection is closed",
                    // which would have a database outage taken for the rows' fault and their conversation parked
                    failure.addSuppressed(rollbackFailed);
                }
                throw failure;
            }
            connection.releaseSavepoint(savepoint);
        } catch (SQLException e) {
            throw new UncategorizedSQLException("savepoint", null, e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    /** The most values one {@code IN (...)} list is given; longer lists are split into several queries. */
    public static final int IN_LIST_LIMIT = 500;

    /** {@code ?, ?, ?} for an {@code IN} list of {@code count} values. */
    public static String placeholders(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    /** The values in pieces of at most {@link #IN_LIST_LIMIT}, each for one {@code IN (...)} query. */
    public static <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += IN_LIST_LIMIT) {
            chunks.add(values.subList(from, Math.min(values.size(), from + IN_LIST_LIMIT)));
        }
        return chunks;
    }

    /** A WHERE clause built from optional conditions, with its arguments in order. */
    public static final class Where {
        private final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
        private final List<Object> args = new ArrayList<>();

        public Where and(String condition, Object... values) {
            sql.append(" AND ").append(condition);
            args.addAll(List.of(values));
            return this;
        }

        public Where andIf(Object value, String condition, Object... values) {
            return value == null ? this : and(condition, values);
        }

        public String sql() {
            return sql.toString();
        }

        public Object[] args(Object... more) {
            List<Object> all = new ArrayList<>(args);
            all.addAll(List.of(more));
            return all.toArray();
        }
    }
}
