package no.dpe.tracker.packaging;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import no.difi.asic.AsicReader;
import no.difi.asic.AsicReaderFactory;
import no.difi.asic.AsicWriter;
import no.difi.asic.AsicWriterFactory;
import no.difi.asic.MimeType;
import no.difi.asic.SignatureHelper;
import no.difi.asic.SignatureMethod;
import no.difi.commons.asic.jaxb.asic.AsicFile;
import no.difi.commons.asic.jaxb.asic.AsicManifest;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSEnvelopedDataParser;
import org.bouncycastle.cms.CMSEnvelopedDataStreamGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.KeyTransRecipientId;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.RecipientInformationStore;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Seals and opens DPE packages with one organisation's enterprise key, as the real integration point does
 * (adr/0012-dpe-packaging-and-the-service-registry.md). Sealing: eFormidling's manifest.xml and the files in a
 * CAdES-signed ASiC-E (commons-asic), the whole in CMS EnvelopedData (BouncyCastle, streamed as BER):
 * AES-256-CBC content encryption, the key transported to the receiver's certificate with RSA PKCS#1 v1.5 and the
 * recipient named by issuer and serial number. Opening: decrypt with our key, then read the ASiC-E through
 * commons-asic, which checks every file against the signed manifest and the signature against the certificate in
 * it; the signer is that certificate. Trust in the certificate (its chain, revocation) is not judged here: the
 * caller compares the signer's organisation with the SBD's sender.
 */
public final class DpePackages {

    /** A package larger than this once unpacked is refused: a zip bomb is not a package. */
    static final long MAX_UNPACKED_SIZE = 64L * 1024 * 1024;

    private static final Provider BC = new BouncyCastleProvider();

    private final EnterpriseKey key;

    /**
     * Signs our ASiC-Es. Made on the first one and kept: making it decrypts the key from its PKCS#12 keystore again
     * (PBKDF2, many thousand rounds of HMAC), which was four tenths of the outbound processor's CPU when it was made
     * for every package. Shared by the threads that seal: commons-asic 1.0.1's {@code signData} only reads it, and
     * builds a new {@code Signature} and generator for each package.
     */
    private volatile SignatureHelper signer;

    public DpePackages(EnterpriseKey key) {
        this.key = key;
    }

    public EnterpriseKey key() {
        return key;
    }

    /**
     * The package for {@code files}, signed by us and encrypted to {@code receiver}.
     *
     * @param files the files in the order the message has them; the first is the main document
     */
    public byte[] seal(String senderOrgnr, String receiverOrgnr, List<PackagedFile> files, X509Certificate receiver) {
        return encrypt(asic(senderOrgnr, receiverOrgnr, files), receiver);
    }

    /** The signed ASiC-E for {@code files}: eFormidling's manifest first, then the files. */
    public byte[] asic(String senderOrgnr, String receiverOrgnr, List<PackagedFile> files) {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("A package holds at least one file");
        }
        PackagedFile main = files.get(0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            AsicWriter writer = AsicWriterFactory.newFactory(SignatureMethod.CAdES).newContainer(out);
            writer.add(new ByteArrayInputStream(EformidlingManifest.write(receiverOrgnr, senderOrgnr, main.name(),
                    main.mediaType())), EformidlingManifest.NAME, MimeType.forString(EformidlingManifest.MEDIA_TYPE));
            for (PackagedFile file : files) {
                writer.add(new ByteArrayInputStream(file.content()), file.name(), MimeType.forString(file.mediaType()));
            }
            writer.sign(signer());
        } catch (IOException e) {
            throw new IllegalStateException("writing a package to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private SignatureHelper signer() {
        SignatureHelper made = signer;
        if (made == null) {
            // two threads may both make one on the first packages; they are equal, and either is kept
            made = new SignatureHelper(key.keyStore(), key.alias(), key.keyPassword());
            signer = made;
        }
        return made;
    }

    /** CMS EnvelopedData of {@code content} for {@code receiver}. */
    public static byte[] encrypt(byte[] content, X509Certificate receiver) {
        try {
            CMSEnvelopedDataStreamGenerator generator = new CMSEnvelopedDataStreamGenerator();
            generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(receiver).setProvider(BC));
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
            try (OutputStream encrypting = generator.open(out,
                    new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).setProvider(BC).build())) {
                encrypting.write(content);
            }
            return out.toByteArray();
        } catch (CertificateEncodingException | CMSException | IOException e) {
            throw new IllegalStateException("Could not encrypt a package to " + receiver.getSubjectX500Principal()
                    + ": " + e.getMessage(), e);
        }
    }

    /**
     * The ASiC-E inside a received package.
     *
     * @throws PackageException {@value PackageException#UNDECRYPTABLE} when it is not CMS EnvelopedData or not for
     *                          our key
     */
    public byte[] decrypt(byte[] cms) {
        try {
            CMSEnvelopedDataParser parser = new CMSEnvelopedDataParser(cms);
            RecipientInformationStore recipients = parser.getRecipientInfos();
            RecipientInformation recipient = recipients.get(new KeyTransRecipientId(
                    org.bouncycastle.asn1.x500.X500Name.getInstance(
                            key.certificate().getIssuerX500Principal().getEncoded()),
                    key.certificate().getSerialNumber()));
            if (recipient == null) {
                // the real integration point takes the first recipient; a package for another key fails below
                recipient = recipients.getRecipients().stream().findFirst().orElseThrow(
                        () -> new PackageException(PackageException.UNDECRYPTABLE, "The package names no recipient",
                                null));
            }
            try (InputStream content = recipient.getContentStream(
                    new JceKeyTransEnvelopedRecipient(key.privateKey()).setProvider(BC)).getContentStream()) {
                return content.readAllBytes();
            }
        } catch (CMSException | IOException | RuntimeException e) {
            if (e instanceof PackageException packageException) {
                throw packageException;
            }
            throw new PackageException(PackageException.UNDECRYPTABLE,
                    "The package cannot be decrypted with our key (certificate serial "
                            + key.certificate().getSerialNumber().toString(16) + "): " + e.getMessage(), e);
        }
    }

    /**
     * Decrypts a received package and verifies its signature.
     *
     * @throws PackageException {@value PackageException#UNDECRYPTABLE}, {@value PackageException#INVALID_SIGNATURE}
     *                          or {@value PackageException#TOO_LARGE}
     */
    public OpenedPackage open(byte[] cms) {
        byte[] asic = decrypt(cms);
        return read(asic);
    }

    /**
     * Reads a signed ASiC-E, checking every file against the signed manifest and the signature.
     *
     * @throws PackageException {@value PackageException#INVALID_SIGNATURE} when it is unsigned, badly signed, has a
     *                          file that differs from what was signed, or is no ASiC-E; {@value PackageException#TOO_LARGE}
     *                          when it unpacks to more than {@value #MAX_UNPACKED_SIZE} bytes
     */
    public static OpenedPackage read(byte[] asic) {
        Map<String, byte[]> contents = new HashMap<>();
        List<String> order = new ArrayList<>();
        AsicManifest manifest;
        try (AsicReader reader = AsicReaderFactory.newFactory(SignatureMethod.CAdES)
                .open(new ByteArrayInputStream(asic))) {
            long unpacked = 0;
            String name;
            while ((name = reader.getNextFile()) != null) {
                // writeFile copies in blocks; commons-asic's inputStream() digests byte by byte (seconds for 64 MB)
                BoundedBuffer content = new BoundedBuffer(MAX_UNPACKED_SIZE - unpacked);
                reader.writeFile(content);
                unpacked += content.size();
                contents.put(name, content.toByteArray());
                order.add(name);
            }
            manifest = reader.getAsicManifest();
        } catch (BoundedBuffer.Full e) {
            throw new PackageException(PackageException.TOO_LARGE, "The package unpacks to more than "
                    + MAX_UNPACKED_SIZE + " bytes", null);
        } catch (IOException | RuntimeException e) {
            if (e instanceof PackageException packageException) {
                throw packageException;
            }
            throw new PackageException(PackageException.INVALID_SIGNATURE,
                    "The package is not a validly signed ASiC-E: " + e.getMessage(), e);
        }
        if (manifest.getCertificate().isEmpty()) {
            throw new PackageException(PackageException.INVALID_SIGNATURE, "The package is not signed", null);
        }
        X509Certificate signer = Certificates.fromDer(manifest.getCertificate().get(0).getCertificate());
        Map<String, String> mediaTypes = new HashMap<>();
        for (AsicFile file : manifest.getFile()) {
            mediaTypes.put(file.getName(), file.getMimetype());
        }
        List<PackagedFile> files = new ArrayList<>();
        for (String name : order) {
            if (!name.equals(EformidlingManifest.NAME)) {
                files.add(new PackagedFile(name, mediaTypes.getOrDefault(name, "application/octet-stream"),
                        contents.get(name)));
            }
        }
        return new OpenedPackage(asic, files, Certificates.signer(signer));
    }

    /** Collects a file as it unpacks, and stops it at a size: a package that deflates well must not fill the heap. */
    private static final class BoundedBuffer extends ByteArrayOutputStream {

        private final long limit;

        BoundedBuffer(long limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            requireRoom(1);
            super.write(b);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            requireRoom(length);
            super.write(bytes, offset, length);
        }

        private void requireRoom(int length) {
            if (count + (long) length > limit) {
                throw new Full();
            }
        }

        static final class Full extends RuntimeException {
            Full() {
                super("the package unpacks to more than a package may", null, false, false);
            }
        }
    }
}
