package no.dpe.tracker.projections;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

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
