package no.dpe.tracker.packaging;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.regex.Pattern;

import no.dpe.tracker.core.api.PackageSigner;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** X.509 certificates as the service registry hands them out (PEM) and as a package's signer names them. */
public final class Certificates {

    private static final Pattern ORGANISATION_NUMBER = Pattern.compile("\\d{9}");
    private static final Pattern PEM_ARMOUR = Pattern.compile("-----(BEGIN|END) CERTIFICATE-----");

    private Certificates() {
    }

    /**
     * A certificate from PEM, with or without its BEGIN/END lines (the registry's {@code pemCertificate} may be bare
     * base64, which the real integration point wraps before parsing).
     *
     * @throws IllegalArgumentException when it is not a certificate
     */
    public static X509Certificate fromPem(String pem) {
        String base64 = PEM_ARMOUR.matcher(pem).replaceAll("").replaceAll("\\s", "");
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        } catch (CertificateException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a PEM certificate: " + e.getMessage(), e);
        }
    }

    public static X509Certificate fromDer(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Not a DER certificate: " + e.getMessage(), e);
        }
    }

    public static String toPem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a loaded certificate always encodes", e);
        }
    }

    /** The signer as a received event records it. */
    public static PackageSigner signer(X509Certificate certificate) {
        return new PackageSigner(name(certificate.getSubjectX500Principal().getEncoded()),
                organisationNumber(certificate), certificate.getSerialNumber().toString(16),
                name(certificate.getIssuerX500Principal().getEncoded()));
    }

    /** A distinguished name with every attribute named (the JDK writes organizationIdentifier as a hex OID). */
    private static String name(byte[] encoded) {
        return X500Name.getInstance(BCStyle.INSTANCE, X500Name.getInstance(encoded)).toString();
    }

    /**
     * The organisation number a Norwegian enterprise certificate names: organizationIdentifier {@code NTRNO-<orgnr>}
     * (SEID 2) or a nine-digit serialNumber (SEID 1); null when it names none.
     */
    public static String organisationNumber(X509Certificate certificate) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        String identifier = value(subject, BCStyle.ORGANIZATION_IDENTIFIER);
        if (identifier != null && identifier.startsWith("NTRNO-")
                && ORGANISATION_NUMBER.matcher(identifier.substring(6)).matches()) {
            return identifier.substring(6);
        }
        String serial = value(subject, BCStyle.SERIALNUMBER);
        return serial != null && ORGANISATION_NUMBER.matcher(serial).matches() ? serial : null;
    }

    private static String value(X500Name name, ASN1ObjectIdentifier attribute) {
        RDN[] rdns = name.getRDNs(attribute);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[0].getFirst().getValue());
    }
}
