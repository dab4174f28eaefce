package no.dpe.tracker.app.eventstore;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The event-store contract on the embedded default: H2 in a file, opened with the JDBC URL that
 * application.yml configures, in a data directory of the test's own.
 */
class H2FileEventStoreTest extends EventStoreContractTest {

    private static final String DATA_DIR_PLACEHOLDER = "${dpe.tracker.data-dir}";

    @TempDir
    Path dataDir;

    @Override
    protected String createEmptyDatabase() {
        return applicationYmlDatasourceUrl().replace(DATA_DIR_PLACEHOLDER, dataDir.toString());
    }

    @Override
    protected void dropDatabase() {
        // The temporary directory goes, and the database with it.
    }

    @Override
    protected String username() {
        return "sa";
    }

    /**
     * Reactor interrupts a request's worker thread when the client goes away, and so may any pool at shutdown. On
     * H2's plain {@code file:} store an interrupt during a read closes the file channel, and H2 then closes the
     * whole database: every later request failed until a restart (seen in CI as a run of 503s). The configured
     * store must shrug it off. A cache of 256 KB makes nearly every read go to the file.
     */
    @Test
    void aReaderInterruptedMidQueryLeavesTheDatabaseOpenForEveryoneElse() throws Exception {
        String url = createEmptyDatabase() + ";CACHE_SIZE=256";
        int rows = 20_000;
        try (Connection keeper = DriverManager.getConnection(url, username(), "");
             Statement statement = keeper.createStatement()) {
            statement.execute("CREATE TABLE filler (id BIGINT PRIMARY KEY, text VARCHAR(2000))");
            statement.execute("INSERT INTO filler SELECT x, REPEAT('x', 1500) FROM SYSTEM_RANGE(1, " + rows + ")");

            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<SQLException> readerFailure = new AtomicReference<>();
            Thread reader = Thread.ofPlatform().start(() -> readAtRandom(url, rows, stop, readerFailure));
            for (int i = 0; i < 1_000 && reader.isAlive(); i++) {
                Thread.sleep(2);
                reader.interrupt();
            }
            stop.set(true);
            reader.join();

            assertThat(readerFailure).as("what the interrupted reader met").hasNullValue();
            try (ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM filler")) {
                assertThat(count.next()).isTrue();
                assertThat(count.getLong(1)).isEqualTo(rows);
            }
        }
    }

    /** Reads rows at random until told to stop, shrugging off the interrupts it is sent; records a failed read. */
    private void readAtRandom(String url, int rows, AtomicBoolean stop, AtomicReference<SQLException> failure) {
        try (Connection connection = DriverManager.getConnection(url, username(), "");
             PreparedStatement read = connection.prepareStatement("SELECT text FROM filler WHERE id = ?")) {
            while (!stop.get()) {
                Thread.interrupted();
                read.setLong(1, ThreadLocalRandom.current().nextLong(1, rows + 1));
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                }
            }
        } catch (SQLException e) {
            failure.set(e);
        }
    }

    private static String applicationYmlDatasourceUrl() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:h2:async:") || !url.contains(DATA_DIR_PLACEHOLDER)) {
            throw new IllegalStateException("application.yml no longer configures an H2 file database under "
                                                    + DATA_DIR_PLACEHOLDER + ": " + url);
        }
        return url;
    }
}
