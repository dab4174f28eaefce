package no.dpe.tracker.app.keys;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Our enterprise certificate and key, {@code dpe.tracker.keystore.*}; documented in application.yml.
 *
 * @param path        a PKCS#12 or JKS keystore; null: one is generated under the data directory, which only the
 *                    embedded default and a development emulator may do
 * @param type        PKCS12 or JKS; null: by the file name (.jks is JKS)
 * @param keyPassword the key entry's password where it differs from the keystore's
 */
@ConfigurationProperties(prefix = "dpe.tracker.keystore")
public record KeystoreProperties(Path path, String type, String password, String alias, String keyPassword) {

    /** An empty setting (as application.yml leaves them) is no setting. */
    public KeystoreProperties {
        path = path == null || path.toString().isBlank() ? null : path;
        type = blankToNull(type);
        keyPassword = blankToNull(keyPassword);
    }

    /** The passwords left out: settings end up in logs and error reports. */
    @Override
    public String toString() {
        return "KeystoreProperties[path=" + path + ", type=" + type + ", alias=" + alias + "]";
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
