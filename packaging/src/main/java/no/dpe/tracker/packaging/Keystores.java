package no.dpe.tracker.packaging;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Loads an enterprise key from a PKCS#12 or JKS keystore, or makes a self-signed one for development. */
public final class Keystores {

    /** How long a generated certificate is valid: it only serves the embedded default. */
    private static final Duration GENERATED_VALIDITY = Duration.ofDays(3650);

    private Keystores() {
    }

    /**
     * The key and certificate under {@code alias}.
     *
     * @param type        PKCS12 or JKS; null for PKCS12 unless the file name ends in .jks
     * @param keyPassword the entry's password; null when it is the keystore's
     * @throws KeystoreException saying in one line what is wrong: missing, unreadable, no such key, or expired
     */
    public static EnterpriseKey load(Path path, String type, String password, String alias, String keyPassword,
                                     Instant now) {
        if (!Files.isRegularFile(path)) {
            throw new KeystoreException("The keystore " + path + " does not exist");
        }
        String storeType = type != null && !type.isBlank() ? type : typeOf(path);
        KeyStore keyStore;
        try (InputStream in = Files.newInputStream(path)) {
            keyStore = KeyStore.getInstance(storeType);
            keyStore.load(in, chars(password));
        } catch (IOException | GeneralSecurityException e) {
            throw new KeystoreException("The keystore " + path + " cannot be read as " + storeType
                    + " with the configured password: " + e.getMessage(), e);
        }
        String entryPassword = keyPassword != null ? keyPassword : password;
        try {
            if (!keyStore.containsAlias(alias) || !keyStore.isKeyEntry(alias)) {
                throw new KeystoreException("The keystore " + path + " has no key under the alias '" + alias + "'");
            }
            PrivateKey key = (PrivateKey) keyStore.getKey(alias, chars(entryPassword));
            Certificate certificate = keyStore.getCertificate(alias);
            if (!(certificate instanceof X509Certificate x509)) {
                throw new KeystoreException("The key '" + alias + "' in " + path + " has no X.509 certificate");
            }
            x509.checkValidity(Date.from(now));
            return new EnterpriseKey(keyStore, alias, entryPassword, key, x509);
        } catch (CertificateExpiredException e) {
            throw new KeystoreException("The certificate '" + alias + "' in " + path + " expired on "
                    + ((X509Certificate) certificateOf(keyStore, alias)).getNotAfter().toInstant(), e);
        } catch (CertificateNotYetValidException e) {
            throw new KeystoreException("The certificate '" + alias + "' in " + path + " is not valid before "
                    + ((X509Certificate) certificateOf(keyStore, alias)).getNotBefore().toInstant(), e);
        } catch (UnrecoverableKeyException e) {
            throw new KeystoreException("The key '" + alias + "' in " + path
                    + " cannot be read with the configured key password", e);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("The key '" + alias + "' in " + path + " cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The key in {@code path}, made first if the file does not exist yet: RSA 2048, a self-signed certificate naming
     * the organisation number as a Norwegian enterprise certificate does (organizationIdentifier NTRNO-… and
     * serialNumber), in a PKCS#12 file written whole or not at all.
     */
    public static EnterpriseKey loadOrGenerate(Path path, String password, String alias, String organisationNumber,
                                               String name, Instant now) {
        if (!Files.exists(path)) {
            generate(path, password, alias, organisationNumber, name, now);
        }
        return load(path, "PKCS12", password, alias, null, now);
    }

    static void generate(Path path, String password, String alias, String organisationNumber, String name,
                         Instant now) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.C, "NO")
                    .addRDN(BCStyle.O, name)
                    .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "NTRNO-" + organisationNumber)
                    .addRDN(BCStyle.SERIALNUMBER, organisationNumber)
                    .addRDN(BCStyle.CN, name)
                    .build();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()).abs(), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(GENERATED_VALIDITY)), subject, pair.getPublic());
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature
                    | KeyUsage.nonRepudiation | KeyUsage.keyEncipherment));
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(pair.getPrivate())));
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry(alias, pair.getPrivate(), chars(password), new Certificate[] {certificate});
            Files.createDirectories(path.toAbsolutePath().getParent());
            Path partial = path.resolveSibling(path.getFileName() + ".partial");
            try (OutputStream out = Files.newOutputStream(partial)) {
                keyStore.store(out, chars(password));
            }
            Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new KeystoreException("Could not make a keystore at " + path + ": " + e.getMessage(), e);
        }
    }

    private static String typeOf(Path path) {
        return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
    }

    private static Certificate certificateOf(KeyStore keyStore, String alias) {
        try {
            return keyStore.getCertificate(alias);
        } catch (GeneralSecurityException e) {
            throw new KeystoreException("The keystore cannot be read: " + e.getMessage(), e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
