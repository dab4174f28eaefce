package no.dpe.tracker.app.admin;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * One table of a read model as the verification compares it: its key, and the query that reads each row with the
 * conversation it belongs to. Rows are read into memory as values that read the same from H2 and PostgreSQL
 * (instants as {@link Instant}s, compared to the event store's millisecond; the rest as text, numbers without scale,
 * booleans as true/false); a long text is kept as its start and a SHA-256 of the whole, so a table of large
 * documents compares exactly without holding them.
 *
 * @param conversation the column that names the row's conversation; compared too unless it is {@link #JOINED}
 */
record ReadModelTable(String readModel, String name, List<String> key, String select, String conversation) {

    /** The column a query joins in to name a row's conversation; not part of the row. */
    static final String JOINED = "conversation_of_row";

    private static final int KEPT = 80;
    private static final Duration STORE_PRECISION = Duration.ofMillis(1);

    static ReadModelTable of(String readModel, String name, String... key) {
        return new ReadModelTable(readModel, name, List.of(key), "SELECT * FROM " + name, "conversation_id");
    }

    /** A row as compared: its values (text, or an {@link Instant}) by lower-case column, and its conversation. */
    record Row(String conversation, Map<String, Object> values) {
    }

    /** A row present on one side only, or a row whose columns differ. */
    record Difference(String table, Kind kind, Map<String, String> key, List<ColumnDifference> columns) {

        enum Kind { MISSING_IN_LIVE, EXTRA_IN_LIVE, DIFFERENT }
    }

    record ColumnDifference(String column, String live, String replayed) {
    }

    /** What comparing the table found, with at most {@code limit} of its differences listed. */
    record Result(String table, long rowsCompared, long missingInLive, long extraInLive, long differing,
                  List<Difference> differences) {
    }

    Map<List<String>, Row> read(JdbcTemplate jdbc) {
        Map<List<String>, Row> rows = new HashMap<>();
        jdbc.query(select, rs -> {
            ResultSetMetaData meta = rs.getMetaData();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int column = 1; column <= meta.getColumnCount(); column++) {
                values.put(meta.getColumnLabel(column).toLowerCase(Locale.ROOT), value(rs, column));
            }
            Object of = JOINED.equals(conversation) ? values.remove(JOINED) : values.get(conversation);
            rows.put(key.stream().map(values::get).map(String::valueOf).toList(),
                    new Row(of == null ? null : of.toString(), values));
        });
        return rows;
    }

    /**
     * Compares the replayed rows with the live ones, leaving out rows of the conversations in {@code leftOut} (on
     * either side).
     */
    Result compare(Map<List<String>, Row> replayed, Map<List<String>, Row> live, Set<String> leftOut, int limit) {
        Set<List<String>> keys = new LinkedHashSet<>(replayed.keySet());
        keys.addAll(live.keySet());
        long compared = 0;
        long missing = 0;
        long extra = 0;
        long differing = 0;
        List<Difference> differences = new ArrayList<>();
        for (List<String> rowKey : keys) {
            Row expected = replayed.get(rowKey);
            Row actual = live.get(rowKey);
            if ((expected != null && leftOut.contains(expected.conversation()))
                    || (actual != null && leftOut.contains(actual.conversation()))) {
                continue;
            }
            compared++;
            Difference difference = null;
            if (actual == null) {
                missing++;
                difference = new Difference(name, Difference.Kind.MISSING_IN_LIVE, keyOf(rowKey), List.of());
            } else if (expected == null) {
                extra++;
                difference = new Difference(name, Difference.Kind.EXTRA_IN_LIVE, keyOf(rowKey), List.of());
            } else {
                List<ColumnDifference> columns = new ArrayList<>();
                Set<String> names = new LinkedHashSet<>(expected.values().keySet());
                names.addAll(actual.values().keySet());
                for (String column : names) {
                    Object replayedValue = expected.values().get(column);
                    Object liveValue = actual.values().get(column);
                    if (!same(replayedValue, liveValue)) {
                        columns.add(new ColumnDifference(column, text(liveValue), text(replayedValue)));
                    }
                }
                if (!columns.isEmpty()) {
                    differing++;
                    difference = new Difference(name, Difference.Kind.DIFFERENT, keyOf(rowKey), columns);
                }
            }
            if (difference != null && differences.size() < limit) {
                differences.add(difference);
            }
        }
        return new Result(name, compared, missing, extra, differing, differences);
    }

    private Map<String, String> keyOf(List<String> values) {
        Map<String, String> named = new LinkedHashMap<>();
        for (int i = 0; i < key.size(); i++) {
            named.put(key.get(i), values.get(i));
        }
        return named;
    }

    /**
     * Equal values; instants within a millisecond of each other. The event store keeps an event's timestamp to the
     * millisecond (truncated), and a replay writes that. The message index is written in the command's transaction
     * from the event before it is stored, with the clock's nanoseconds, which the database rounds to microseconds: a
     * live instant is up to a millisecond later than its replay, and no replay can give the difference back.
     */
    private static boolean same(Object replayed, Object live) {
        if (replayed instanceof Instant replayedAt && live instanceof Instant liveAt) {
            return Duration.between(replayedAt, liveAt).abs().compareTo(STORE_PRECISION) <= 0;
        }
        return Objects.equals(replayed, live);
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A column's value as compared: an {@link Instant}, or text. */
    private static Object value(ResultSet rs, int column) throws SQLException {
        Object value = rs.getObject(column);
        String text;
        if (value == null) {
            return null;
        } else if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        } else if (value instanceof Timestamp time) {
            return time.toInstant();
        } else if (value instanceof BigDecimal number) {
            text = number.stripTrailingZeros().toPlainString();
        } else if (value instanceof Number || value instanceof Boolean) {
            text = value.toString();
        } else if (value instanceof Clob) {
            text = rs.getString(column);
        } else {
            text = value.toString();
        }
        return text.length() <= KEPT + 20 ? text : text.substring(0, KEPT) + "… sha256:" + sha256(text);
    }

    private static String sha256(String text) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
