package no.dpe.tracker.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

/**
 * Where a tracker under test keeps its store: a fresh H2 file under bench/target, or a fresh PostgreSQL database
 * on 127.0.0.1:5432 (user postgres, trust authentication, unless PGHOST, PGPORT, PGUSER say otherwise), dropped
 * again when the phase closes it.
 */
enum Database {
    H2, POSTGRES;

    private static final String HOST = System.getenv().getOrDefault("PGHOST", "127.0.0.1");
    private static final String PORT = System.getenv().getOrDefault("PGPORT", "5432");
    private static final String USER = System.getenv().getOrDefault("PGUSER", "postgres");

    /** A fresh store: the tracker arguments that point at it, and how to remove it. */
    record Store(Database database, List<String> trackerArgs, String description, Runnable drop) implements
            AutoCloseable {
        @Override
        public void close() {
            drop.run();
        }
    }

    Store fresh(String purpose) throws Exception {
        String name = "bench_" + purpose.replace('-', '_') + "_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        if (this == H2) {
            Path dir = Settings.workDir().resolve("data").resolve(name);
            Files.createDirectories(dir);
            return new Store(this, List.of("--dpe.tracker.data-dir=" + dir), "H2 file " + dir, () -> { });
        }
        maintenance("CREATE DATABASE " + name);
        return new Store(this, List.of("--spring.profiles.active=postgres",
                "--spring.datasource.url=jdbc:postgresql://" + HOST + ":" + PORT + "/" + name,
                "--spring.datasource.username=" + USER),
                "PostgreSQL " + serverVersion() + " database " + name, () -> {
                    if (!Boolean.getBoolean("bench.keep")) {
                        try {
                            maintenance("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
                        } catch (SQLException e) {
                            Report.progress("could not drop %s: %s", name, e.getMessage());
                        }
                    }
                });
    }

    String label() {
        return this == H2 ? "H2 file" : "PostgreSQL";
    }

    private static String serverVersion() throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = connection.createStatement();
             var rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return rs.getString(1).split(" ")[0];
        }
    }

    private static String url(String database) {
        return "jdbc:postgresql://" + HOST + ":" + PORT + "/" + database;
    }

    private static void maintenance(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url("postgres"), USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
