package no.dpe.tracker.app.eventstore;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;

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

    private static String applicationYmlDatasourceUrl() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        String url = yaml.getObject().getProperty("spring.datasource.url");
        if (url == null || !url.startsWith("jdbc:h2:file:") || !url.contains(DATA_DIR_PLACEHOLDER)) {
            throw new IllegalStateException("application.yml no longer configures an H2 file database under "
                                                    + DATA_DIR_PLACEHOLDER + ": " + url);
        }
        return url;
    }
}
