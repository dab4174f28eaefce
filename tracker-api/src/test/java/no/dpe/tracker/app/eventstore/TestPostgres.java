package no.dpe.tracker.app.eventstore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Throw-away databases on the PostgreSQL server the "postgres" suites run against: 127.0.0.1:5432 as user
 * postgres with trust authentication, unless PGHOST, PGPORT or PGUSER say otherwise. Databases are created and
 * dropped through the "postgres" maintenance database.
 */
public final class TestPostgres {

    public static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    public static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    public static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");

    private TestPostgres() {
    }

    /** Creates an empty database with a name of its own and returns that name. */
    public static String createDatabase() throws SQLException {
        String name = "dpe_tracker_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        maintenance("CREATE DATABASE " + name);
        return name;
    }

    /** Drops the database, closing whatever connections are still open to it. */
    public static void dropDatabase(String name) throws SQLException {
        maintenance("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    public static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static void maintenance(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
