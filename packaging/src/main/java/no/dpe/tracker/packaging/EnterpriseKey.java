package no.dpe.tracker.packaging;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * An organisation's enterprise certificate (virksomhetssertifikat) and its private key: what signs the packages it
 * sends and decrypts the packages it receives.
 *
 * @param keyStore    the keystore holding the entry (commons-asic signs from a keystore)
 * @param alias       the entry's alias
 * @param keyPassword the entry's password
 */
public record EnterpriseKey(KeyStore keyStore, String alias, String keyPassword, PrivateKey privateKey,
                            X509Certificate certificate) {

    @Override
    public String toString() {
        return "EnterpriseKey[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }
}
